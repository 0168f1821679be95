package org.mailferry.imap;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnects: attempt n waits {@code initial * 2^(n-1)},
 * capped at {@code max}, unless the server suggested a wait (then that, capped at 10 min).
 * After {@code maxAttempts} consecutive failures the failure stands.
 */
public record Backoff(int maxAttempts, Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(8, Duration.ofSeconds(1), Duration.ofSeconds(60));

    private static final Duration MAX_SUGGESTED = Duration.ofMinutes(10);

    public Duration delay(int attempt, Optional<Duration> suggested) {
        if (suggested.isPresent()) {
            Duration s = suggested.get();
            return s.compareTo(MAX_SUGGESTED) > 0 ? MAX_SUGGESTED : s;
        }
        long base = initial.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, max.toMillis());
        long jitter = capped / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5);
        return Duration.ofMillis(capped - jitter);
    }
}
