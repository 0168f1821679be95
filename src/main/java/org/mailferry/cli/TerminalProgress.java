package org.mailferry.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mailferry.job.ProgressListener;

/**
 * A redrawn progress bar on the terminal: messages done of expected, MB, rate and ETA. The total
 * grows as folders report what they will read. Thread-safe; {@link #close()} ends the bar.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {

    private final ProgressBar bar;
    private final AtomicLong bytes = new AtomicLong();
    private final long startNanos = System.nanoTime();

    TerminalProgress(String task) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(0).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setUnit(" msg", 1).showSpeed().setMaxRenderedLength(120)
                .setEtaFunction(state -> java.util.Optional.empty()).build();
    }

    @Override
    public void folderStarted(String folder, long count) {
        synchronized (bar) {
            bar.maxHint(Math.max(0, bar.getMax()) + count);
        }
    }

    @Override
    public void written(String folder, long messages, long b) {
        long total = bytes.addAndGet(b);
        double secs = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        synchronized (bar) {
            bar.stepBy(messages);
            long left = bar.getMax() - bar.getCurrent();
            double rate = bar.getCurrent() / secs;
            String eta = rate > 0 && left > 0 ? " ETA " + format(Duration.ofSeconds((long) (left / rate))) : "";
            bar.setExtraMessage(String.format(" %.1f MB %.1f MB/s%s", total / 1e6, total / 1e6 / secs, eta));
        }
    }

    private static String format(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public void close() {
        bar.close();
    }
}
