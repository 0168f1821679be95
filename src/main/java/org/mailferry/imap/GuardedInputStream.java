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
 * the end of each command or a continuation request (the client sends a literal) ends it. So that silences just under that length cannot stretch an
 * answer without end, a whole answer that has taken {@value #LONG_WINDOWS} windows must also
 * have averaged the minimum rate. {@link #passThrough()} turns all checks off (the bytes became
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
    private final java.net.Socket socket; // whose read timeout is sized to what is in flight; null: left alone
    private int timeoutBeforeAnswer = -1; // the socket's timeout as set for it (--timeout), restored between answers
    private boolean midAnswerTimeout;
    private boolean passThrough;
    private static final int LONG_WINDOWS = 20;

    private long windowStart = -1;
    private long windowBytes;
    private long answerStart = -1;
    private long answerBytes;

    GuardedInputStream(InputStream in, ResponseGuard guard) {
        this(in, guard, null);
    }

    /**
     * @param socket the socket {@code in} reads from: while an answer is arriving its read timeout
     *               is the stall window (a server silent that long in the middle of an answer has
     *               stalled); before an answer starts it is the one the connection was given
     *               ({@code --timeout}: the server may be working, on a SELECT of a large folder or
     *               the APPEND of a large message)
     */
    GuardedInputStream(InputStream in, ResponseGuard guard, java.net.Socket socket) {
        super(in);
        this.socket = socket;
        this.guard = guard;
        this.framer = new ResponseFramer(guard::budget, this::commandEnded, this::clientSends);
    }

    void passThrough() {
        passThrough = true;
        if (midAnswerTimeout) { // the layer above (TLS) sizes the timeout from now on; give it back the connection's own
            try {
                socket.setSoTimeout(timeoutBeforeAnswer);
            } catch (java.net.SocketException e) {
                // a closed socket: nothing left to time out
            }
            midAnswerTimeout = false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        sizeTimeout();
        long before = System.nanoTime();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (java.net.SocketTimeoutException e) {
            if (midAnswerTimeout && !passThrough) {
                throw new TooSlow("the server stopped sending in the middle of an answer for "
                        + guard.stallWindow().toSeconds() + " s");
            }
            throw e;
        }
        if (n <= 0 || passThrough) {
            return n;
        }
        pace(before, System.nanoTime(), n);
        framer.scan(b, off, n);
        return n;
    }

    /** Mid-answer: the stall window; otherwise the connection's own read timeout. Changed only when the phase changes. */
    private void sizeTimeout() throws java.net.SocketException {
        if (socket == null || passThrough || guard.stallWindow().isZero()) {
            return;
        }
        boolean mid = answerStart >= 0;
        if (mid == midAnswerTimeout) {
            return;
        }
        if (mid) {
            timeoutBeforeAnswer = socket.getSoTimeout();
            int stall = (int) Math.min(Integer.MAX_VALUE, guard.stallWindow().toMillis());
            if (timeoutBeforeAnswer == 0 || stall < timeoutBeforeAnswer) {
                socket.setSoTimeout(stall);
                midAnswerTimeout = true;
            }
        } else {
            socket.setSoTimeout(timeoutBeforeAnswer);
            midAnswerTimeout = false;
        }
    }

    private void pace(long before, long now, int n) throws TooSlow {
        long window = guard.stallWindow().toNanos();
        if (window <= 0) {
            return;
        }
        if (answerStart < 0) {
            answerStart = before;
            answerBytes = 0;
        }
        answerBytes += n;
        if (now - answerStart >= window * LONG_WINDOWS) {
            tooSlow(answerBytes, now - answerStart);
        }
        if (windowStart < 0 || now - before >= window / 2) {
            windowStart = now;
            windowBytes = 0;
        }
        windowBytes += n;
        if (now - windowStart >= window) {
            tooSlow(windowBytes, now - windowStart);
            windowStart = now;
            windowBytes = 0;
        }
    }

    /** Throws when {@code bytes} in {@code nanos} are below the minimum rate. */
    private void tooSlow(long bytes, long nanos) throws TooSlow {
        double seconds = nanos / 1e9;
        if (bytes < guard.minBytesPerSecond() * seconds) {
            throw new TooSlow(String.format(java.util.Locale.ROOT,
                    "the server sent %d bytes in %.0f s, below the minimum of %d bytes/s", bytes, seconds,
                    guard.minBytesPerSecond()));
        }
    }

    private void commandEnded() {
        clientSends();
        guard.commandEnded();
    }

    /** The client speaks next (a command, or a literal after a continuation): its time is not the server's. */
    private void clientSends() {
        windowStart = -1;
        answerStart = -1;
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
