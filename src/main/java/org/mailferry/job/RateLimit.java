package org.mailferry.job;

import java.util.concurrent.TimeUnit;

/**
 * The user's limits for one account ({@code --max-messages-per-second},
 * {@code --max-bytes-per-second}), shared by its partitions: {@link #acquire} blocks until the
 * message fits both budgets (token buckets refilled continuously, one second of burst).
 * Thread-safe. {@link #NONE} never waits.
 */
public final class RateLimit {

    public static final RateLimit NONE = new RateLimit(0, 0);

    private final double messagesPerSecond;
    private final double bytesPerSecond;
    private double messageTokens;
    private double byteTokens;
    private long last = System.nanoTime();

    /** @param messagesPerSecond 0 for no limit; @param bytesPerSecond 0 for no limit */
    public RateLimit(double messagesPerSecond, double bytesPerSecond) {
        this.messagesPerSecond = messagesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.messageTokens = messagesPerSecond;
        this.byteTokens = bytesPerSecond;
    }

    public boolean limits() {
        return messagesPerSecond > 0 || bytesPerSecond > 0;
    }

    /** Waits until one message of {@code bytes} may pass; returns the milliseconds waited. */
    public long acquire(long bytes) throws InterruptedException {
        if (!limits()) {
            return 0;
        }
        long waitedNanos = 0;
        while (true) {
            long sleep;
            synchronized (this) {
                refill();
                boolean msgOk = messagesPerSecond <= 0 || messageTokens >= 1;
                boolean bytesOk = bytesPerSecond <= 0 || byteTokens >= Math.min(bytes, bytesPerSecond);
                if (msgOk && bytesOk) {
                    messageTokens -= messagesPerSecond > 0 ? 1 : 0;
                    byteTokens -= bytesPerSecond > 0 ? bytes : 0;
                    return TimeUnit.NANOSECONDS.toMillis(waitedNanos);
                }
                double need = 0;
                if (!msgOk) {
                    need = Math.max(need, (1 - messageTokens) / messagesPerSecond);
                }
                if (!bytesOk) {
                    need = Math.max(need, (Math.min(bytes, bytesPerSecond) - byteTokens) / bytesPerSecond);
                }
                sleep = Math.max(1_000_000L, (long) (need * 1e9));
            }
            TimeUnit.NANOSECONDS.sleep(sleep);
            waitedNanos += sleep;
        }
    }

    private void refill() {
        long now = System.nanoTime();
        double secs = (now - last) / 1e9;
        last = now;
        if (messagesPerSecond > 0) {
            messageTokens = Math.min(messagesPerSecond, messageTokens + secs * messagesPerSecond);
        }
        if (bytesPerSecond > 0) {
            byteTokens = Math.min(bytesPerSecond, byteTokens + secs * bytesPerSecond);
        }
    }
}
