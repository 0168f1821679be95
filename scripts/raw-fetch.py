#!/usr/bin/env python3
"""The raw ceiling for a backup: one IMAPS connection, per folder `UID FETCH 1:* BODY.PEEK[]`
in one command, bytes discarded. Prints messages and bytes read. Used by scripts/bench.sh.

  raw-fetch.py --host H --port P --user U --password-file F --cafile PEM
"""
import argparse
import imaplib
import re
import ssl
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", required=True)
    p.add_argument("--cafile", required=True)
    a = p.parse_args()
    ctx = ssl.create_default_context(cafile=a.cafile)
    imap = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=ctx)
    imap._mode_utf8 = False
    imap.login(a.user, open(a.password_file).read().strip())
    typ, listing = imap.list()
    messages = 0
    total = 0
    for line in listing:
        m = re.match(rb'\((?P<attrs>[^)]*)\) (?P<sep>"[^"]*"|NIL) (?P<name>.*)$', line)
        if not m or b"\\Noselect" in m.group("attrs"):
            continue
        name = m.group("name").decode()
        typ, _ = imap.select(name, readonly=True)
        if typ != "OK":
            continue
        typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
        for item in data:
            if isinstance(item, tuple):
                messages += 1
                total += len(item[1])
        imap.close()
    imap.logout()
    print(f"{messages} {total}")


if __name__ == "__main__":
    sys.exit(main())
