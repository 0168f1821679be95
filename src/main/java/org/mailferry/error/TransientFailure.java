package org.mailferry.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The link dropped or the server asked us to slow down: reconnect after a pause and resume.
 * {@code suggestedWait} is the server's own figure when it gave one (Exchange's "Suggested
 * Backoff Time").
 */
public class TransientFailure extends MailferryException {

    private final boolean throttled;
    private final Duration suggestedWait;

    public TransientFailure(String message, boolean throttled, Duration suggestedWait, Throwable cause) {
        super(FailureScope.CONNECTION, throttled ? ExitCode.THROTTLED : ExitCode.CONNECT, message, cause);
        this.throttled = throttled;
        this.suggestedWait = suggestedWait;
    }

    public boolean throttled() {
        return throttled;
    }

    public Optional<Duration> suggestedWait() {
        return Optional.ofNullable(suggestedWait);
    }
}
