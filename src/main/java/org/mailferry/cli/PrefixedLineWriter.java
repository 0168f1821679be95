package org.mailferry.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Passes whole lines on to another writer, each led by a prefix ({@code "nightly: "}), so that the
 * output of jobs running side by side in one scheduler stays readable. Flushes a line as soon as it
 * is complete; thread-safe (the target is locked per line).
 */
final class PrefixedLineWriter extends Writer {

    private final PrintWriter target;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    PrefixedLineWriter(PrintWriter target, String prefix) {
        this.target = target;
        this.prefix = prefix;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        synchronized (target) {
            target.println(prefix + line);
            target.flush();
        }
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        // lines go out when complete; a partial line waits for its end
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }
}
