package org.mailferry.imap;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a server's "slow down" answers (PROTOCOL.md): Exchange's
 * {@code Request is throttled. Suggested Backoff Time: N milliseconds}, Gmail's
 * {@code [THROTTLED]} and {@code Too many simultaneous connections}, RFC 5530 {@code [UNAVAILABLE]}
 * and {@code [LIMIT]}... only the first three are transient.
 */
final class ThrottleSignals {

    private static final Pattern SUGGESTED = Pattern.compile("Suggested Backoff Time:\\s*(\\d+)\\s*milliseconds",
            Pattern.CASE_INSENSITIVE);

    private ThrottleSignals() {
    }

    static boolean isThrottle(String serverText) {
        if (serverText == null) {
            return false;
        }
        String s = serverText.toLowerCase(Locale.ROOT);
        return s.contains("throttled") || s.contains("[unavailable]") || s.contains("too many simultaneous connections")
                || s.contains("server unavailable") || s.contains("try again later");
    }

    static Optional<Duration> suggestedWait(String serverText) {
        if (serverText == null) {
            return Optional.empty();
        }
        Matcher m = SUGGESTED.matcher(serverText);
        return m.find() ? Optional.of(Duration.ofMillis(Long.parseLong(m.group(1)))) : Optional.empty();
    }
}
