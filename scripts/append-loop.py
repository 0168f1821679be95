#!/usr/bin/env python3
"""The baseline for a restore: one IMAPS connection, one APPEND per message (imaplib waits for
the server's continuation before each literal), flags and INTERNALDATE kept, read from a
mailferry Maildir archive. Prints messages and bytes appended. Used by scripts/bench.sh.

  append-loop.py --host H --port P --user U --password-file F --cafile PEM --maildir DIR
"""
import argparse
import imaplib
import os
import re
import ssl
import sys
import time

LETTERS = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen", "T": "\\Deleted"}


def folders(root):
    """(IMAP name, directory) of every Maildir folder in the archive (Maildir++ layout)."""
    yield "INBOX", root
    for d in sorted(os.listdir(root)):
        path = os.path.join(root, d)
        if d.startswith(".") and os.path.isdir(os.path.join(path, "cur")):
            yield "/".join(d[1:].split(".")), path


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for a in ("--host", "--user", "--password-file", "--cafile", "--maildir"):
        p.add_argument(a, required=True)
    p.add_argument("--port", type=int, required=True)
    a = p.parse_args()
    imap = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=ssl.create_default_context(cafile=a.cafile))
    imap.login(a.user, open(a.password_file).read().strip())
    messages = total = 0
    for name, path in folders(a.maildir):
        imap.create('"%s"' % name)
        for f in sorted(os.listdir(os.path.join(path, "cur"))):
            file = os.path.join(path, "cur", f)
            flags = " ".join(LETTERS[c] for c in f.rsplit(":2,", 1)[-1] if c in LETTERS)
            with open(file, "rb") as fh:
                data = fh.read()
            date = imaplib.Time2Internaldate(time.localtime(os.stat(file).st_mtime))
            typ, resp = imap.append('"%s"' % name, "(%s)" % flags, date, data)
            if typ != "OK":
                print("append failed: %s" % resp, file=sys.stderr)
                return 1
            messages += 1
            total += len(data)
    imap.logout()
    print(f"{messages} {total}")


if __name__ == "__main__":
    sys.exit(main())
