package org.mailferry.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.err} of the test JVM, routed per thread: what a CLI run started in-process writes to
 * {@code System.err} (its log lines: logback's console appender looks {@code System.err} up on every
 * write) goes to that run's stderr, inherited by the threads the run starts; everything else goes to
 * the JVM's own stderr. Installed once, on first use. Thread-safe.
 */
final class RoutedStderr extends OutputStream {

    private static final InheritableThreadLocal<OutputStream> TARGET = new InheritableThreadLocal<>();
    private static RoutedStderr installed;

    private final PrintStream original;

    private RoutedStderr(PrintStream original) {
        this.original = original;
    }

    /** Makes {@code System.err} of the current thread and the threads it starts write to {@code target}. */
    static synchronized void routeTo(OutputStream target) {
        if (installed == null) {
            installed = new RoutedStderr(System.err);
            System.setErr(new PrintStream(installed, true, StandardCharsets.UTF_8));
        }
        TARGET.set(target);
    }

    private OutputStream target() {
        OutputStream t = TARGET.get();
        return t != null ? t : original;
    }

    @Override
    public void write(int b) throws IOException {
        target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        target().flush();
    }
}
