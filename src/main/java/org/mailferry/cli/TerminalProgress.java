package org.mailferry.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mailferry.job.ProgressListener;
import org.mailferry.job.ProgressTotals;

/**
 * A redrawn progress bar on the terminal: messages done of expected, MB, rate and ETA. The bar
 * and its clock start with the first thing the run reports (the folders' estimates, after logins
 * and any password prompt), with the total already known ({@link ProgressTotals}); the bar shows
 * the elapsed time only, the ETA is ours. Thread-safe; {@link #close()} ends the bar.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {

    private final String task;
    private final ProgressTotals totals = new ProgressTotals();
    private final AtomicLong bytes = new AtomicLong();
    private ProgressBar bar;
    private long startNanos;

    TerminalProgress(String task) {
        this.task = task;
    }

    /** The bar, drawn from the first call on. Call with the lock held. */
    private ProgressBar bar() {
        if (bar == null) {
            startNanos = System.nanoTime();
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totals.total())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" msg", 1).showSpeed()
                    .setMaxRenderedLength(120).hideEta().build();
        }
        return bar;
    }

    @Override
    public synchronized void expected(String folder, long messages) {
        totals.estimate(folder, messages);
        bar().maxHint(totals.total());
    }

    @Override
    public synchronized void folderStarted(String folder, long count) {
        totals.started(folder, count);
        bar().maxHint(totals.total());
    }

    @Override
    public synchronized void written(String folder, long messages, long b) {
        totals.written(folder, messages);
        long total = bytes.addAndGet(b);
        ProgressBar bar = bar();
        double secs = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        bar.maxHint(totals.total());
        bar.stepTo(totals.done());
        long left = totals.total() - totals.done();
        double rate = totals.done() / secs;
        String eta = rate > 0 && left > 0 ? " ETA " + format(Duration.ofSeconds((long) (left / rate))) : "";
        bar.setExtraMessage(String.format(" %.1f MB %.1f MB/s%s", total / 1e6, total / 1e6 / secs, eta));
    }

    @Override
    public synchronized void folderFinished(String folder, boolean ok) {
        totals.finished(folder);
        if (bar != null) {
            bar.maxHint(totals.total());
        }
    }

    private static String format(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
