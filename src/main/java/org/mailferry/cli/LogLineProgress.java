package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.mailferry.job.ProgressListener;
import org.mailferry.util.SafeText;

/**
 * Progress as plain lines on stderr, at most one every {@code intervalMillis}: for logs, cron
 * mail and pipes, where a redrawn bar would be noise. Thread-safe.
 */
final class LogLineProgress implements ProgressListener {

    private final PrintWriter err;
    private final long intervalMillis;
    private final long startNanos = System.nanoTime();
    private final AtomicLong expected = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private long lastPrint;

    LogLineProgress(PrintWriter err, long intervalMillis) {
        this.err = err;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void folderStarted(String folder, long count) {
        expected.addAndGet(count);
    }

    @Override
    public void written(String folder, long n, long b) {
        messages.addAndGet(n);
        bytes.addAndGet(b);
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (now - lastPrint < intervalMillis) {
                return;
            }
            lastPrint = now;
            double secs = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
            err.printf("progress: %d/%d messages, %.1f MB, %.1f msg/s, %.1f MB/s%n", messages.get(), expected.get(),
                    bytes.get() / 1e6, messages.get() / secs, bytes.get() / 1e6 / secs);
            err.flush();
        }
    }

    @Override
    public void folderFinished(String folder, boolean ok) {
        if (!ok) {
            synchronized (this) {
                err.println("folder " + SafeText.escape(folder) + " failed (see the summary)");
                err.flush();
            }
        }
    }
}
