package org.mailferry.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * A connection's decrypted input as Angus reads it, checked on the way: its framing against the
 * budget of the command in flight ({@link ResponseFramer}) and its pace against a minimum
 * transfer rate. Pace: while an answer is arriving, a window of {@code window} must bring at
 * least {@code minBytesPerSecond * window} bytes; a read that waited half a window or more
 * restarts it (the server was silent, not slow: the socket's read timeout bounds silence), and
 * the end of each command ends it. {@link #passThrough()} turns all checks off (the bytes became
 * TLS records after STARTTLS). Not thread-safe: Angus reads a connection from one thread.
 */
final class GuardedInputStream extends FilterInputStream {

    /** A server sending, but slower than the minimum rate: handled as a dropped connection. */
    static final class TooSlow extends SocketTimeoutException {
        TooSlow(String message) {
            super(message);
        }
    }

    private final ResponseGuard guard;
    private final ResponseFramer framer;
    private boolean passThrough;
    private long windowStart = -1;
    private long windowBytes;

    GuardedInputStream(InputStream in, ResponseGuard guard) {
        super(in);
        this.guard = guard;
        this.framer = new ResponseFramer(guard::budget, this::commandEnded);
    }

    void passThrough() {
        passThrough = true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long before = System.nanoTime();
        int n = in.read(b, off, len);
        if (n <= 0 || passThrough) {
            return n;
        }
        pace(before, System.nanoTime(), n);
        framer.scan(b, off, n);
        return n;
    }

    private void pace(long before, long now, int n) throws TooSlow {
        long window = guard.stallWindow().toNanos();
        if (window <= 0) {
            return;
        }
        if (windowStart < 0 || now - before >= window / 2) {
            windowStart = now;
            windowBytes = 0;
        }
        windowBytes += n;
        if (now - windowStart >= window) {
            double seconds = (now - windowStart) / 1e9;
            if (windowBytes < guard.minBytesPerSecond() * seconds) {
                throw new TooSlow(String.format(java.util.Locale.ROOT,
                        "the server sent %d bytes in %.0f s, below the minimum of %d bytes/s", windowBytes, seconds,
                        guard.minBytesPerSecond()));
            }
            windowStart = now;
            windowBytes = 0;
        }
    }

    private void commandEnded() {
        windowStart = -1;
        guard.commandEnded();
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
