package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.mailferry.job.ProgressListener;
import org.mailferry.job.ProgressTotals;
import org.mailferry.util.SafeText;

/**
 * Progress as plain lines on stderr, the first at the first chunk written and then at most one
 * every {@code intervalMillis}: for logs, cron mail and pipes, where a redrawn bar would be noise.
 * The total is the one {@link ProgressTotals} knows up front. Thread-safe.
 */
final class LogLineProgress implements ProgressListener {

    private final PrintWriter err;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private final long startMillis;
    private final ProgressTotals totals = new ProgressTotals();
    private final AtomicLong bytes = new AtomicLong();
    private long lastPrint = Long.MIN_VALUE;

    LogLineProgress(PrintWriter err, long intervalMillis) {
        this(err, intervalMillis, System::currentTimeMillis);
    }

    /** @param clockMillis the time in milliseconds (a fake clock in tests) */
    LogLineProgress(PrintWriter err, long intervalMillis, LongSupplier clockMillis) {
        this.err = err;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
    }

    @Override
    public void expected(String folder, long messages) {
        totals.estimate(folder, messages);
    }

    @Override
    public void folderStarted(String folder, long count) {
        totals.started(folder, count);
    }

    @Override
    public void written(String folder, long n, long b) {
        totals.written(folder, n);
        bytes.addAndGet(b);
        long now = clockMillis.getAsLong();
        synchronized (this) {
            if (lastPrint != Long.MIN_VALUE && now - lastPrint < intervalMillis) {
                return;
            }
            lastPrint = now;
            double secs = Math.max(0.001, (now - startMillis) / 1e3);
            long done = totals.done();
            err.printf(java.util.Locale.ROOT, "progress: %d/%d messages, %.1f MB, %.1f msg/s, %.1f MB/s%n", done,
                    totals.total(), bytes.get() / 1e6, done / secs, bytes.get() / 1e6 / secs);
            err.flush();
        }
    }

    @Override
    public void folderFinished(String folder, boolean ok) {
        totals.finished(folder);
        if (!ok) {
            synchronized (this) {
                err.println("folder " + SafeText.escape(folder) + " failed (see the summary)");
                err.flush();
            }
        }
    }
}
