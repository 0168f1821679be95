package org.mailferry.mbox;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message body in mboxrd form: every line matching {@code ^>*From } gets one more
 * {@code >}. A line starts at the beginning of the message and after each {@code \n}. With
 * {@code crlfToLf}, each {@code \r\n} is written as {@code \n} (a lone {@code \r} passes as is);
 * the caller only asks for it when {@link LineEndings#isUniformCrlf} holds, so that
 * {@link MboxrdUnquotingInputStream} can restore the exact bytes.
 * <p>
 * Streaming with constant memory: a run of {@code >} at a line start is counted, not buffered.
 * Bytes that might still become a quoted line are held back until they are decided;
 * {@link #finish()} writes them out without closing the underlying stream. Not thread-safe.
 */
public final class MboxrdQuotingOutputStream extends FilterOutputStream {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final boolean crlfToLf;
    private boolean lineStart = true;
    private long heldMarks;
    private int heldFrom;
    private boolean heldCr;
    private int lastByte = -1;
    private long written;

    public MboxrdQuotingOutputStream(OutputStream out, boolean crlfToLf) {
        super(out);
        this.crlfToLf = crlfToLf;
    }

    @Override
    public void write(int b) throws IOException {
        b &= 0xff;
        if (crlfToLf) {
            if (heldCr) {
                heldCr = false;
                if (b == '\n') {
                    quote('\n');
                    return;
                }
                quote('\r');
            }
            if (b == '\r') {
                heldCr = true;
                return;
            }
        }
        quote(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (lineStart || heldCr) {
                write(b[i++]);
                continue;
            }
            int run = i;
            while (run < end && b[run] != '\n' && b[run] != '\r') {
                run++;
            }
            if (run > i) {
                emit(b, i, run - i);
                i = run;
            } else {
                write(b[i++]);
            }
        }
    }

    /** Writes what is held back (a pending {@code \r}, an undecided line start); idempotent. */
    public void finish() throws IOException {
        if (heldCr) {
            heldCr = false;
            quote('\r');
        }
        releaseHeld(0);
    }

    /** Bytes written to the underlying stream so far. */
    public long written() {
        return written;
    }

    /** Whether the last byte written was {@code \n}; false when nothing was written. */
    public boolean endsWithNewline() {
        return lastByte == '\n';
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }

    private void quote(int b) throws IOException {
        if (lineStart) {
            if (heldFrom == 0 && b == '>') {
                heldMarks++;
                return;
            }
            if (b == FROM[heldFrom]) {
                if (++heldFrom == FROM.length) {
                    releaseHeld(1);
                }
                return;
            }
            releaseHeld(0);
        }
        emit(b);
        lineStart = b == '\n';
    }

    /** Writes the held {@code >} run plus {@code extraMarks} more, then the matched part of "From ". */
    private void releaseHeld(int extraMarks) throws IOException {
        if (heldMarks == 0 && heldFrom == 0 && extraMarks == 0) {
            return;
        }
        for (long i = heldMarks + extraMarks; i > 0; i--) {
            emit('>');
        }
        emit(FROM, 0, heldFrom);
        heldMarks = 0;
        heldFrom = 0;
        lineStart = false;
    }

    private void emit(int b) throws IOException {
        out.write(b);
        lastByte = b;
        written++;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            out.write(b, off, len);
            lastByte = b[off + len - 1] & 0xff;
            written += len;
        }
    }
}
