package org.mailferry.mbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes mbox text through and notes what a standard mbox reader would see in it: the offsets of
 * lines starting with {@code From } (where mutt and Python's {@code mailbox} start a message) and
 * the last two bytes. Offsets count from the first byte read. Not thread-safe.
 */
final class FromLineScanner extends FilterInputStream {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final List<Long> fromLines = new ArrayList<>();
    private long position;
    private long lineStart;
    private int matched;
    private boolean inLineStart = true;
    private int last = -1;
    private int beforeLast = -1;

    FromLineScanner(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        for (int i = 0; i < n; i++) {
            see(b[off + i]);
        }
        return n;
    }

    /** Skips by reading, so that skipped bytes are scanned too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long done = 0;
        int r;
        while (done < n && (r = read(buf, 0, (int) Math.min(buf.length, n - done))) > 0) {
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end of the stream. */
    void drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) >= 0) {
            // seen
        }
    }

    /** Offsets of the lines that start with {@code From }. */
    List<Long> fromLines() {
        return fromLines;
    }

    /** Whether what was read ends with a blank line ({@code \n\n}). */
    boolean endsWithBlankLine() {
        return beforeLast == '\n' && last == '\n';
    }

    private void see(byte b) {
        if (inLineStart) {
            if (b == FROM[matched]) {
                if (++matched == FROM.length) {
                    fromLines.add(lineStart);
                    inLineStart = false;
                }
            } else {
                inLineStart = false;
            }
        }
        position++;
        if (b == '\n') {
            inLineStart = true;
            matched = 0;
            lineStart = position;
        }
        beforeLast = last;
        last = b & 0xff;
    }
}
