package org.mailferry.store;

import java.util.concurrent.atomic.AtomicLong;

/** Reconnects and throttling waits one partition went through, for the run report. Thread-safe. */
public final class RetryStats {

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong throttleWaits = new AtomicLong();
    private final AtomicLong waitedMillis = new AtomicLong();

    public void reconnected() {
        reconnects.incrementAndGet();
    }

    public void waited(long millis, boolean throttled) {
        waitedMillis.addAndGet(millis);
        if (throttled) {
            throttleWaits.incrementAndGet();
        }
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long throttleWaits() {
        return throttleWaits.get();
    }

    public long waitedMillis() {
        return waitedMillis.get();
    }
}
