package org.mailferry.mbox;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an mboxrd message body back: every line matching {@code ^>+From } loses one {@code >}.
 * With {@code lfToCrlf}, each {@code \n} is returned as {@code \r\n}. The exact reverse of
 * {@link MboxrdQuotingOutputStream}. It does not know where the message ends: the caller bounds
 * what it reads (a message is followed by its separator, so a bound by original size is enough).
 * <p>
 * Streaming with constant memory (one read buffer; a {@code >} run is counted). Closing it closes
 * the underlying stream. Not thread-safe.
 */
public final class MboxrdUnquotingInputStream extends InputStream {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final InputStream in;
    private final boolean lfToCrlf;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean lineStart = true;
    private long pendingMarks;
    private int pendingFrom;
    private int pendingFromPos;
    private boolean pendingLf;

    public MboxrdUnquotingInputStream(InputStream in, boolean lfToCrlf) {
        this.in = in;
        this.lfToCrlf = lfToCrlf;
    }

    @Override
    public int read() throws IOException {
        if (pendingMarks > 0) {
            pendingMarks--;
            return '>';
        }
        if (pendingFromPos < pendingFrom) {
            return FROM[pendingFromPos++];
        }
        if (pendingLf) {
            pendingLf = false;
            lineStart = true;
            return '\n';
        }
        int b = next();
        if (b == '>' && lineStart) {
            unquoteLineStart();
            return read();
        }
        if (b == '\n') {
            if (lfToCrlf) {
                pendingLf = true;
                return '\r';
            }
            lineStart = true;
            return b;
        }
        lineStart = false;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (!lineStart && !hasPending() && pos < limit) {
                int run = pos;
                int max = Math.min(limit, pos + len - n);
                while (run < max && buf[run] != '\n') {
                    run++;
                }
                System.arraycopy(buf, pos, b, off + n, run - pos);
                n += run - pos;
                pos = run;
                if (n == len) {
                    break;
                }
            }
            int c = read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            b[off + n++] = (byte) c;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Called after a {@code >} at a line start: counts the run and decides whether it quotes "From ". */
    private void unquoteLineStart() throws IOException {
        long marks = 1;
        int c;
        while ((c = next()) == '>') {
            marks++;
        }
        int matched = 0;
        while (c == FROM[matched]) {
            if (++matched == FROM.length) {
                break;
            }
            c = next();
        }
        if (matched == FROM.length) {
            pendingMarks = marks - 1;
        } else {
            pendingMarks = marks;
            if (c >= 0) {
                pos--;
            }
        }
        pendingFrom = matched;
        pendingFromPos = 0;
        lineStart = false;
    }

    private boolean hasPending() {
        return pendingMarks > 0 || pendingFromPos < pendingFrom || pendingLf;
    }

    private int next() throws IOException {
        if (pos == limit) {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return buf[pos++] & 0xff;
    }
}
