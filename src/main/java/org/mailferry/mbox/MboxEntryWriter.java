package org.mailferry.mbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.mailferry.archive.Sha256;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.SourceMessage;

/**
 * Writes one message as an mboxrd entry (format: {@code package-info}) and describes it for the
 * index. Reads the content twice: once to choose the line-ending form, once to write it while
 * computing its SHA-256; never holds it in memory. Stateless.
 */
final class MboxEntryWriter {

    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MboxEntryWriter() {
    }

    /** The separator line, {@code From MAILER-DAEMON Thu Nov  5 09:03:02 2026\n} (asctime, UTC). */
    static String fromLine(Instant internalDate) {
        return "From MAILER-DAEMON " + ASCTIME.format(internalDate) + "\n";
    }

    /**
     * Writes {@code m} to {@code out}, whose first byte lands at mbox offset {@code offset}, and
     * returns its index entry. A failure reading the message throws {@link MessageFailure}; a
     * failure writing throws {@link IOException}. Either way the caller discards what was written.
     */
    static MboxEntry write(SourceMessage m, OutputStream out, long offset) throws IOException {
        boolean crlf;
        try (InputStream in = MessageInput.open(m)) {
            crlf = LineEndings.isUniformCrlf(in);
        }
        byte[] from = fromLine(m.meta().internalDate()).getBytes(StandardCharsets.US_ASCII);
        out.write(from);
        MessageDigest sha = Sha256.newDigest();
        MboxrdQuotingOutputStream body = new MboxrdQuotingOutputStream(out, crlf);
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        try (InputStream in = MessageInput.open(m)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                body.write(buf, 0, n);
                size += n;
            }
        }
        body.finish();
        long length = from.length + body.written();
        if (body.written() > 0 && !body.endsWithNewline()) {
            out.write('\n');
            length++;
        }
        out.write('\n');
        length++;
        return new MboxEntry(m.uid(), offset, length, size, crlf, m.meta().internalDate(), m.meta().flags(),
                Sha256.hex(sha), m.meta().dateSubstituted());
    }

    /** The message's bytes: a failure reading them is the message's, unlike a failure writing the mbox. */
    private static final class MessageInput extends FilterInputStream {

        private final long uid;

        private MessageInput(InputStream in, long uid) {
            super(in);
            this.uid = uid;
        }

        static MessageInput open(SourceMessage m) {
            try {
                return new MessageInput(m.content().open(), m.uid());
            } catch (IOException e) {
                throw unreadable(m.uid(), e);
            }
        }

        @Override
        public int read() {
            try {
                return in.read();
            } catch (IOException e) {
                throw unreadable(uid, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw unreadable(uid, e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw unreadable(uid, e);
            }
        }

        private static MessageFailure unreadable(long uid, IOException e) {
            return new MessageFailure(uid, "cannot read the message to archive it: " + e.getMessage(), e);
        }
    }
}
