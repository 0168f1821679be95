#!/usr/bin/env python3
"""Fill an IMAP account with a deterministic test corpus through IMAP APPEND.

Profiles:
  nasty  every edge case a backup/restore tool can get wrong (~80 messages, ~60 MB with the
         >50 MB message; --no-huge skips that one)
  bench  --messages N (10000) / --megabytes M (500) over 10 folders, realistic sizes
  demo   ~200 small varied messages in 5 folders

The same --profile/--seed/options always produce the same bytes, flags, keywords, INTERNALDATEs
and folders. Messages are sent byte for byte (imaplib.append would rewrite line endings).

Connection defaults come from the test server's env file ($MAILFERRY_TEST_DIR/env, by default
this checkout's /tmp/mailferry-<checkout hash>/imap/env as scripts/test-dirs.sh says; written by
scripts/test-imap-server.sh): host, IMAPS port, certificate and PASSWORD_DIR/<user>. A refused
or reset connection is retried for about 20 seconds (a server starting or reloading). Example:
  scripts/make-corpus.py --user user03 --profile nasty --seed 1 --no-huge

Exit status: 0 on success, 1 on any APPEND/CREATE failure or connection error, 2 on bad usage.
Python 3 standard library only.
"""
import argparse
import base64
import datetime as dt
import hashlib
import imaplib
import json
import os
import random
import re
import ssl
import sys
import time

CRLF = b"\r\n"
SYSTEM_FLAGS = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"]
KEYWORDS = ["$label1", "Work", "$Forwarded", "NonJunk"]


# ------------------------------------------------------------------------------------------------
# IMAP helpers
# ------------------------------------------------------------------------------------------------
def mutf7(name):
    """Encode a mailbox name in IMAP modified UTF-7 (RFC 3501 5.1.3)."""
    out, pending = [], []

    def flush():
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Imap:
    # A server that is (re)starting refuses or drops connections for a moment: retry for ~20 s.
    CONNECT_ATTEMPTS = 12

    def __init__(self, args):
        self.args = args
        self.c = self._connect(args)
        self.delimiter = self._delimiter()

    @classmethod
    def _connect(cls, args):
        ctx = ssl.create_default_context(cafile=args.cafile) if args.cafile else ssl.create_default_context()
        for attempt in range(1, cls.CONNECT_ATTEMPTS + 1):
            try:
                if args.starttls:
                    c = imaplib.IMAP4(args.host, args.port, timeout=120)
                    c.starttls(ssl_context=ctx)
                else:
                    c = imaplib.IMAP4_SSL(args.host, args.port, ssl_context=ctx, timeout=120)
                c.login(args.user, args.password)
                return c
            except (ConnectionRefusedError, ConnectionResetError) as e:
                if attempt == cls.CONNECT_ATTEMPTS:
                    raise
                if not args.quiet:
                    print(f"make-corpus: {args.host}:{args.port}: {e.strerror or e}; retrying", file=sys.stderr)
                time.sleep(min(0.2 * 2 ** (attempt - 1), 3.0))

    def _delimiter(self):
        typ, data = self.c.list('""', '""')
        if typ != "OK" or not data or data[0] is None:
            return "/"
        m = re.match(rb'\(.*?\) (?:"(.+?)"|NIL)', data[0])
        if not m or m.group(1) is None:
            return "/"
        return m.group(1).decode().replace("\\\\", "\\")

    def wire_name(self, path):
        """Folder path (tuple of decoded components) -> quoted modified-UTF-7 mailbox name."""
        if path == ("INBOX",):
            return "INBOX"
        for part in path:
            if self.delimiter in part:
                raise SystemExit(f"make-corpus: folder component {part!r} contains the server's "
                                 f"delimiter {self.delimiter!r}")
        return quote(mutf7(self.delimiter.join(path)))

    def create(self, path):
        if path == ("INBOX",):
            return
        typ, data = self.c._simple_command("CREATE", self.wire_name(path))
        if typ != "OK" and b"ALREADYEXISTS" not in b" ".join(d for d in data if d):
            raise RuntimeError(f"CREATE {'/'.join(path)} failed: {typ} {data}")

    def message_count(self, path):
        typ, data = self.c._simple_command("STATUS", self.wire_name(path), "(MESSAGES)")
        if typ != "OK":
            return 0  # does not exist yet
        typ, data = self.c._untagged_response(typ, data, "STATUS")
        m = re.search(rb"MESSAGES (\d+)", data[-1] or b"")
        return int(m.group(1)) if m else 0

    def append(self, path, flags, internal_date, raw):
        """APPEND raw bytes unchanged (imaplib.append would normalise line endings)."""
        self.c.literal = raw
        flag_list = "(" + " ".join(flags) + ")" if flags else None
        typ, data = self.c._simple_command("APPEND", self.wire_name(path), flag_list,
                                           imaplib.Time2Internaldate(internal_date))
        if typ != "OK":
            raise RuntimeError(f"APPEND to {'/'.join(path)} failed: {typ} "
                               f"{b' '.join(d for d in data if d).decode(errors='replace')}")

    def logout(self):
        try:
            self.c.logout()
        except Exception:
            pass


# ------------------------------------------------------------------------------------------------
# Message building
# ------------------------------------------------------------------------------------------------
def tz(hours, minutes=0):
    sign = -1 if hours < 0 else 1
    return dt.timezone(dt.timedelta(hours=hours, minutes=sign * minutes))


ZONES = [tz(0), tz(-8), tz(5, 30), tz(12, 45), tz(-3, 30), tz(14), tz(1), tz(-5), tz(9), tz(-11)]


def rfc2822_date(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S %z").encode()


def random_date(rng, first_year=1998, last_year=2026):
    start = dt.datetime(first_year, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(last_year, 11, 1, tzinfo=dt.timezone.utc)
    seconds = rng.randrange(int((end - start).total_seconds()))
    return (start + dt.timedelta(seconds=seconds)).astimezone(rng.choice(ZONES))


def message(headers, body=b"", eol=CRLF, blank_line=True):
    """headers: list of bytes lines (without EOL); body: bytes with CRLF line ends."""
    out = eol.join(headers) + eol
    if blank_line:
        out += eol + (body.replace(CRLF, eol) if eol != CRLF else body)
    return out


def text_body(lines):
    return CRLF.join(lines) + CRLF


def base64_lines(data):
    return base64.encodebytes(data).replace(b"\n", CRLF)


def multipart_with_attachment(headers, text, filename, content_type, payload, boundary):
    b = boundary.encode()
    body = (b"This is a multi-part message in MIME format." + CRLF +
            b"--" + b + CRLF +
            b"Content-Type: text/plain; charset=utf-8" + CRLF +
            b"Content-Transfer-Encoding: 8bit" + CRLF + CRLF + text + CRLF +
            b"--" + b + CRLF +
            b"Content-Type: " + content_type.encode() + b"; name=\"" + filename.encode() + b"\"" + CRLF +
            b"Content-Disposition: attachment; filename=\"" + filename.encode() + b"\"" + CRLF +
            b"Content-Transfer-Encoding: base64" + CRLF + CRLF +
            base64_lines(payload) +
            b"--" + b + b"--" + CRLF)
    hdrs = headers + [b"MIME-Version: 1.0",
                      b"Content-Type: multipart/mixed; boundary=\"" + b + b"\""]
    return message(hdrs, body)


class Msg:
    __slots__ = ("folder", "flags", "date", "raw")

    def __init__(self, folder, flags, date, raw):
        self.folder = tuple(folder.split("/")) if isinstance(folder, str) else folder
        self.flags = list(flags)
        self.date = date
        self.raw = raw


def std_headers(n, date, subject, sender=b"Alice Example <alice@example.org>",
                to=b"Bob Example <bob@example.net>", msgid=True, domain=b"corpus.mailferry.test"):
    h = [b"From: " + sender, b"To: " + to, b"Subject: " + subject, b"Date: " + rfc2822_date(date)]
    if msgid is True:
        h.append(b"Message-ID: <" + str(n).encode() + b"." + domain + b">")
    elif msgid:
        h.append(b"Message-ID: " + msgid)
    return h


# ------------------------------------------------------------------------------------------------
# Profiles: each is a generator of Msg (folder order = append order)
# ------------------------------------------------------------------------------------------------
def nasty(args, rng):
    n = 0

    def nid():
        nonlocal n
        n += 1
        return n

    plain = [b"Content-Type: text/plain; charset=us-ascii"]

    # --- INBOX: mbox traps --------------------------------------------------------------------
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"From lines in the body") + plain, text_body([
        b"From the start of the body: this line starts with 'From '.",
        b"From nobody@example.org Thu Jan  1 00:00:00 1998",
        b">From already quoted once",
        b">>From quoted twice",
        b">>>From quoted three times",
        b" From with a leading space",
        b"From",
        b"From:",
        b"",
        b"From ",
    ])))
    # --- 8-bit headers -------------------------------------------------------------------------
    d = random_date(rng)
    yield Msg("INBOX", ["\\Seen"], d, message([
        b"From: \"Zo\xc3\xab M\xc3\xbcller\" <zoe@example.org>",
        b"To: \xe6\x97\xa5\xe6\x9c\xac <nihon@example.jp>",
        b"Subject: Gr\xc3\xbc\xc3\x9fe \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe2\x9c\x93 (raw UTF-8)",
        b"Date: " + rfc2822_date(d),
        b"Message-ID: <" + str(nid()).encode() + b".utf8@corpus.mailferry.test>",
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Transfer-Encoding: 8bit",
    ], text_body([b"Gr\xc3\xbc\xc3\x9fe aus K\xc3\xb6ln, \xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf."])))
    d = random_date(rng)
    yield Msg("INBOX", [], d, message([
        b"From: Ren\xe9 Lef\xe8vre <rene@example.fr>",
        b"To: bob@example.net",
        b"Subject: Caf\xe9 cr\xe8me br\xfbl\xe9e (raw latin-1)",
        b"Date: " + rfc2822_date(d),
        b"Message-ID: <" + str(nid()).encode() + b".latin1@corpus.mailferry.test>",
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=iso-8859-1",
        b"Content-Transfer-Encoding: 8bit",
    ], text_body([b"D\xe9j\xe0 vu, na\xefve fa\xe7ade."])))
    # --- very long header lines ---------------------------------------------------------------
    d = random_date(rng)
    long_value = b" ".join(b"word%04d" % i for i in range(400))  # 3599 bytes on one line
    yield Msg("INBOX", ["\\Flagged"], d, message(
        std_headers(nid(), d, b"Unfolded 3600-byte header line") + [b"X-Long-Unfolded: " + long_value] + plain,
        text_body([b"The X-Long-Unfolded header is one line of 3617 bytes."])))
    d = random_date(rng)
    refs = (CRLF + b"\t").join(b"<ref%03d.%08d@lists.example.org>" % (i, rng.randrange(10**8)) for i in range(90))
    yield Msg("INBOX", [], d, message(
        std_headers(nid(), d, b"Folded References header over 3000 bytes") +
        [b"References: " + refs, b"In-Reply-To: <ref089.1@lists.example.org>"] + plain,
        text_body([b"References has 90 folded lines."])))
    # A subject folded in the middle of a word sequence, with trailing whitespace on a line.
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(
        std_headers(nid(), d, b"Folded subject with trailing space \r\n  continued here\t\r\n and here") + plain,
        text_body([b"Body line with trailing spaces   ", b"\tand a tab-indented line"])))
    # --- line ending and structure oddities ---------------------------------------------------
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"Bare LF line endings") + plain,
                                       text_body([b"Every line of this message", b"ends with LF only."]),
                                       eol=b"\n"))
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"No Message-ID header", msgid=False) + plain,
                                       text_body([b"This message has no Message-ID."])))
    for i in range(2):
        d = random_date(rng)
        nid()
        yield Msg("INBOX", [], d, message(
            std_headers(0, d, b"Same Message-ID, different message #%d" % (i + 1),
                        msgid=b"<duplicate-id@corpus.mailferry.test>") + plain,
            text_body([b"Two different messages share this Message-ID; this is number %d." % (i + 1)])))
    d = random_date(rng)
    twin = message(std_headers(nid(), d, b"Byte-identical twin") + plain,
                   text_body([b"This exact message is stored twice in INBOX."]))
    yield Msg("INBOX", ["\\Seen"], d, twin)
    yield Msg("INBOX", ["\\Seen"], d, twin)
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"Header only, no blank line"), blank_line=False))
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"Empty body") + plain, b""))
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"No newline at the end") + plain,
                                       b"The last line has no line ending."))
    d = random_date(rng)
    yield Msg("INBOX", [], d, message(std_headers(nid(), d, b"20000-byte body line") + plain,
                                       text_body([b"x" * 20000])))
    # Date: header far from INTERNALDATE (a client that sends Date: as INTERNALDATE is caught).
    internal = dt.datetime(2003, 7, 14, 3, 4, 5, tzinfo=tz(-8))
    header_date = dt.datetime(2021, 2, 28, 23, 59, 59, tzinfo=tz(5, 30))
    nid()
    yield Msg("INBOX", ["NonJunk"], internal, message(
        std_headers(n, header_date, b"Date header differs from INTERNALDATE") + plain,
        text_body([b"INTERNALDATE 2003-07-14 03:04:05 -0800, Date: 2021-02-28 +0530."])))
    # --- big attachments ----------------------------------------------------------------------
    d = random_date(rng, 2015)
    yield Msg("INBOX", [], d, multipart_with_attachment(
        std_headers(nid(), d, b"3 MB attachment"), b"See the attached scan.",
        "scan.pdf", "application/pdf", rng.randbytes(2_300_000), "=_mf_3mb_%d" % args.seed))
    d = random_date(rng, 2015)
    yield Msg("INBOX", ["\\Seen", "$Forwarded"], d, multipart_with_attachment(
        std_headers(nid(), d, b"Two attachments, 3 MB and 1 MB"), b"Photos.",
        "photo.jpg", "image/jpeg", rng.randbytes(2_300_000) + rng.randbytes(800_000), "=_mf_4mb_%d" % args.seed))

    # --- every combination of system flags, and keyword combinations ----------------------------
    for mask in range(32):
        flags = [f for i, f in enumerate(SYSTEM_FLAGS) if mask & (1 << i)]
        kws = [k for i, k in enumerate(KEYWORDS) if (mask * 7 + 3) % 16 & (1 << i)]
        d = random_date(rng)
        yield Msg("Flags", flags + kws, d, message(
            std_headers(nid(), d, b"Flags %s keywords %s" % (" ".join(flags).encode() or b"-",
                                                            " ".join(kws).encode() or b"-")) + plain,
            text_body([b"Flag mask %d." % mask])))
    for kws in ([], KEYWORDS, ["$label1"], ["Work", "NonJunk"], ["$Forwarded", "\\Answered", "\\Seen"]):
        d = random_date(rng)
        yield Msg("Keywords", kws, d, message(
            std_headers(nid(), d, b"Keywords: " + (" ".join(kws).encode() or b"none")) + plain,
            text_body([b"Keyword test."])))

    # --- INTERNALDATE extremes and time zones -------------------------------------------------
    for year, month, day, h, m, zone in ((1998, 1, 1, 0, 0, tz(0)), (1999, 12, 31, 23, 59, tz(-11)),
                                          (2000, 2, 29, 0, 30, tz(14)), (2004, 6, 15, 12, 0, tz(5, 30)),
                                          (2012, 3, 25, 2, 15, tz(-3, 30)), (2016, 10, 30, 18, 45, tz(12, 45)),
                                          (2020, 2, 29, 2, 30, tz(1)), (2026, 11, 1, 9, 0, tz(-8))):
        d = dt.datetime(year, month, day, h, m, 7, tzinfo=zone)
        yield Msg("Dates", ["\\Seen"], d, message(
            std_headers(nid(), d, b"INTERNALDATE " + d.isoformat().encode()) + plain,
            text_body([b"Date test."])))

    # --- folder names --------------------------------------------------------------------------
    for folder in ("Donn\u00e9es", "Donn\u00e9es/\u00c9t\u00e9", "\u65e5\u672c\u8a9e", "R&D",
                   "With Spaces In Name", "Projects", "Projects/2026", "Projects/2026/Q1"):
        for i in range(2):
            d = random_date(rng)
            yield Msg(folder, ["\\Seen"] if i else [], d, message(
                std_headers(nid(), d, ("Message %d in %s" % (i + 1, folder)).encode("utf-8")) +
                [b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: 8bit"],
                text_body([("Folder: %s" % folder).encode("utf-8")])))

    # --- special-use folders ---------------------------------------------------------------------
    for i in range(3):
        d = random_date(rng, 2010)
        yield Msg("Sent", ["\\Seen"], d, message(
            std_headers(nid(), d, b"Sent message %d" % (i + 1), sender=b"bob@example.net",
                        to=b"alice@example.org") + plain, text_body([b"Sent."])))
    d = random_date(rng)
    yield Msg("Drafts", ["\\Draft", "\\Seen"], d, message(
        std_headers(nid(), d, b"Unfinished draft") + plain, text_body([b"Dear"])))
    for i in range(2):
        d = random_date(rng)
        yield Msg("Trash", ["\\Deleted", "\\Seen"] if i else ["\\Seen"], d, message(
            std_headers(nid(), d, b"Trashed %d" % (i + 1)) + plain, text_body([b"Gone."])))
    d = random_date(rng)
    yield Msg("Junk", ["$Junk"], d, message(
        std_headers(nid(), d, b"You have won!!!", sender=b"spammer@spam.example") + plain,
        text_body([b"Click here."])))
    for i in range(3):
        d = random_date(rng, 1998, 2008)
        yield Msg("Archive", ["\\Seen", "\\Answered"] if i % 2 else ["\\Seen"], d, message(
            std_headers(nid(), d, b"Archived %d" % (i + 1)) + plain, text_body([b"Old news."])))
    if not args.no_huge:
        # Over 50 MB: 39 MB of data -> ~52.7 MB of base64 with CRLF.
        d = random_date(rng, 2022)
        yield Msg("Archive", ["\\Seen"], d, multipart_with_attachment(
            std_headers(nid(), d, b"Huge message over 50 MB"), b"Backup of the project.",
            "backup.tar.zst", "application/zstd", rng.randbytes(39_000_000), "=_mf_huge_%d" % args.seed))


WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at "
         "which but have an they you were her she there been one all we their has would when "
         "if so no will can more about up out them some could into than then other time only "
         "new these two may first any like now my such made over did its just where most "
         "meeting invoice report project deadline review budget quarter release server backup "
         "mailbox folder customer contract schedule update attached please thanks regards "
         "tomorrow friday monday agenda minutes draft final version notes question answer").split()


def text_pool(rng, size):
    """Deterministic pseudo-English text, CRLF lines of at most 76 bytes."""
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize() + "."
        lines.append(line.encode())
        total += len(line) + 2
    return CRLF.join(lines) + CRLF


def slice_lines(pool, rng, size):
    start = pool.find(CRLF, rng.randrange(max(1, len(pool) - size - 200))) + 2
    end = pool.find(CRLF, start + max(0, size - 80)) + 2
    return pool[start:end] if end > start else pool[:size]


SUBJECTS = ["Meeting notes", "Invoice %d", "Re: Project update", "Weekly report", "Lunch?",
            "Re: Re: Budget %d", "Photos from the weekend", "Fwd: Contract draft", "Release %d.0",
            "Your order #%d has shipped", "Question about the backup", "Agenda for Monday"]
PEOPLE = ["Alice Martin <alice@example.org>", "Bob Chen <bob@example.net>",
          "Carla G\u00f3mez <carla@example.com>", "Dmitri Ivanov <dmitri@example.ru>",
          "Emeka Obi <emeka@example.ng>", "Fran\u00e7oise Petit <francoise@example.fr>"]


def mime_text_headers(rng, n, date, subject, sender, to):
    enc_subject = subject.encode("utf-8")
    if any(ord(c) > 127 for c in subject):
        enc_subject = b"=?UTF-8?B?" + base64.b64encode(subject.encode("utf-8")) + b"?="

    def addr(p):
        name, email = p.split(" <")
        if all(ord(c) < 128 for c in name):
            return p.encode()
        q = b"".join(b"=%02X" % c if c > 127 or c in b" =?_" else bytes([c]) for c in name.encode("utf-8"))
        return b"=?UTF-8?Q?" + q + b"?= <" + email.encode()

    return [b"From: " + addr(sender), b"To: " + addr(to), b"Subject: " + enc_subject,
            b"Date: " + rfc2822_date(date),
            b"Message-ID: <%d.%d@corpus.mailferry.test>" % (n, rng.randrange(10**9)),
            b"MIME-Version: 1.0"]


def realistic(rng, n, folder, size, pool, seed, sent=False):
    """A message of about `size` bytes: text for small ones, a base64 attachment for big ones."""
    d = random_date(rng, 2005, 2026)
    subject = rng.choice(SUBJECTS)
    if "%d" in subject:
        subject = subject % rng.randrange(1000, 99999)
    sender, to = rng.sample(PEOPLE, 2)
    headers = mime_text_headers(rng, n, d, subject, to if sent else sender, sender if sent else to)
    r = rng.random()
    flags = ["\\Seen"] if sent or r < 0.75 else []
    if rng.random() < 0.08:
        flags.append("\\Flagged")
    if rng.random() < 0.15:
        flags.append("\\Answered")
    if rng.random() < 0.03:
        flags.append("$label1")
    if size > 200_000:
        payload = rng.randbytes(int(size * 0.74))
        raw = multipart_with_attachment(headers, slice_lines(pool, rng, 600), "file%d.bin" % n,
                                        "application/octet-stream", payload, "=_mf_%d_%d" % (seed, n))
    else:
        raw = message(headers + [b"Content-Type: text/plain; charset=utf-8",
                                 b"Content-Transfer-Encoding: 8bit"],
                      slice_lines(pool, rng, max(100, size - 400)))
    return Msg(folder, flags, d, raw)


def bench(args, rng):
    folders = [("INBOX", 28), ("Archive", 18), ("Sent", 12), ("Work", 10), ("Work/Clients", 8),
               ("Lists/dev", 8), ("Lists/announce", 5), ("Family", 5), ("Receipts", 4), ("Newsletters", 2)]
    count = args.messages or 10000
    megabytes = args.megabytes if args.megabytes is not None else 500
    avg = megabytes * 1024 * 1024 / max(1, count)
    small_mean = (50_000 - 5_000) / 2.302585  # mean of log-uniform(5 KB, 50 KB) ~ 19.5 KB
    big_mean = 3_000_000
    big_fraction = min(0.5, max(0.0, (avg - small_mean) / (big_mean - small_mean)))
    scale = 1.0 if avg >= small_mean else avg / small_mean
    pool = text_pool(rng, 2_000_000)
    # A fixed number of big messages at random positions keeps the total close to --megabytes.
    big = set(rng.sample(range(1, count + 1), round(count * big_fraction)))
    total_weight = sum(w for _, w in folders)
    n = 0
    for i, (folder, weight) in enumerate(folders):
        k = count - n if i == len(folders) - 1 else round(count * weight / total_weight)
        for _ in range(k):
            n += 1
            if n in big:
                size = rng.randint(1_000_000, 5_000_000)
            else:
                size = int(5_000 * 10 ** rng.random() * scale)  # log-uniform 5..50 KB
            yield realistic(rng, n, folder, size, pool, args.seed, sent=(folder == "Sent"))


def demo(args, rng):
    folders = [("INBOX", 80), ("Sent", 40), ("Archive", 40), ("Work/Projects", 25), ("Family", 15)]
    count = args.messages or 200
    pool = text_pool(rng, 300_000)
    total_weight = sum(w for _, w in folders)
    n = 0
    for i, (folder, weight) in enumerate(folders):
        k = count - n if i == len(folders) - 1 else round(count * weight / total_weight)
        for _ in range(k):
            n += 1
            size = rng.choice([800, 1500, 3000, 6000, 12000]) if rng.random() > 0.05 else 60_000
            yield realistic(rng, n, folder, size, pool, args.seed, sent=(folder == "Sent"))


def bigfolder(args, rng):
    """Memory benchmark: --messages (50,000) small messages in one folder, then one message of
    about 100 MB (a base64 attachment) in INBOX."""
    count = args.messages or 50000
    pool = text_pool(rng, 300_000)
    for n in range(1, count + 1):
        yield realistic(rng, n, "Big", rng.randint(1_000, 6_000), pool, args.seed)
    yield realistic(rng, count + 1, "INBOX", 100_000_000, pool, args.seed)


PROFILES = {"nasty": nasty, "bench": bench, "demo": demo, "bigfolder": bigfolder}


# ------------------------------------------------------------------------------------------------
def default_test_dir():
    """This checkout's Dovecot test server directory, as scripts/test-dirs.sh computes it."""
    root = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    return f"/tmp/mailferry-{hashlib.sha256(root.encode()).hexdigest()[:8]}/imap"


def load_env_defaults():
    path = os.path.join(os.environ.get("MAILFERRY_TEST_DIR") or default_test_dir(), "env")
    env = {}
    try:
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    env[k] = v
    except OSError:
        pass
    return env


def parse_args():
    env = load_env_defaults()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--host", default=env.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=None, help="default: IMAPS_PORT (or IMAP_PORT with --starttls)")
    p.add_argument("--starttls", action="store_true", help="plain IMAP port + STARTTLS instead of IMAPS")
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", help="file holding the password (default PASSWORD_DIR/USER)")
    p.add_argument("--cafile", default=env.get("CERT"), help="PEM to trust (default: the test server's CERT)")
    p.add_argument("--profile", choices=sorted(PROFILES), required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--messages", type=int, help="bench: number of messages (10000); demo: (200)")
    p.add_argument("--megabytes", type=float, help="bench: approximate total size in MiB (500)")
    p.add_argument("--no-huge", action="store_true", help="nasty: skip the >50 MB message")
    p.add_argument("--allow-nonempty", action="store_true",
                   help="append even if a target folder already holds messages")
    p.add_argument("--summary-json", help="also write the summary as JSON to this file")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()
    if args.port is None:
        key = "IMAP_PORT" if args.starttls else "IMAPS_PORT"
        if key not in env:
            p.error(f"--port is required (no {key} in the test server's env file)")
        args.port = int(env[key])
    pwfile = args.password_file or (os.path.join(env["PASSWORD_DIR"], args.user) if "PASSWORD_DIR" in env else None)
    if not pwfile:
        p.error("--password-file is required (no PASSWORD_DIR in the test server's env file)")
    try:
        with open(pwfile) as f:
            args.password = f.read().strip()
    except OSError as e:
        p.error(f"cannot read password file: {e}")
    return args


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    try:
        imap = Imap(args)
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as e:
        print(f"make-corpus: cannot connect/log in to {args.host}:{args.port} as {args.user}: {e}",
              file=sys.stderr)
        return 1
    stats = {}          # folder path -> [messages, bytes]
    digest = hashlib.sha256()
    created = set()
    try:
        for msg in PROFILES[args.profile](args, rng):
            if msg.folder not in created:
                for i in range(1, len(msg.folder) + 1):
                    if msg.folder[:i] not in created:
                        imap.create(msg.folder[:i])
                        created.add(msg.folder[:i])
                if not args.allow_nonempty and imap.message_count(msg.folder):
                    print(f"make-corpus: folder {'/'.join(msg.folder)} of {args.user} is not empty; "
                          f"reset the account or pass --allow-nonempty", file=sys.stderr)
                    return 1
                if not args.quiet:
                    print(f"  {'/'.join(msg.folder)} ...", file=sys.stderr)
            imap.append(msg.folder, msg.flags, msg.date, msg.raw)
            s = stats.setdefault("/".join(msg.folder), [0, 0])
            s[0] += 1
            s[1] += len(msg.raw)
            digest.update(msg.raw)
    except (RuntimeError, imaplib.IMAP4.error, OSError) as e:
        print(f"make-corpus: {e}", file=sys.stderr)
        return 1
    finally:
        imap.logout()
    elapsed = time.monotonic() - started
    total_msgs = sum(v[0] for v in stats.values())
    total_bytes = sum(v[1] for v in stats.values())
    print(f"profile {args.profile} seed {args.seed} -> {args.user}@{args.host}:{args.port}")
    for folder, (count, size) in stats.items():
        print(f"  {folder:30} {count:7d} messages {size:13d} bytes")
    print(f"total: {len(stats)} folders, {total_msgs} messages, {total_bytes} bytes "
          f"({total_bytes / 1048576:.1f} MiB) in {elapsed:.1f} s")
    if args.summary_json:
        with open(args.summary_json, "w") as f:
            json.dump({"profile": args.profile, "seed": args.seed, "user": args.user,
                       "folders": {k: {"messages": v[0], "bytes": v[1]} for k, v in stats.items()},
                       "messages": total_msgs, "bytes": total_bytes,
                       "sha256": digest.hexdigest(), "seconds": round(elapsed, 3)}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
