package org.mailferry.store;

/**
 * A source message a sink should hold but does not: the source could not deliver it (no body,
 * damaged) or the target refused it. Sinks keep these in their own state ({@link FolderSink#skips});
 * later runs fetch it again until it is in, at most {@value #MAX_ATTEMPTS} attempts in all, after
 * which it is given up on but still reported by every run.
 *
 * @param uid      the source UID
 * @param reason   why the last attempt failed
 * @param attempts how many runs tried it (1 after the first failure)
 */
public record SkippedMessage(long uid, String reason, int attempts) {

    public static final int MAX_ATTEMPTS = 3;

    /** True once every attempt failed: later runs no longer fetch it, only report it. */
    public boolean givenUp() {
        return attempts >= MAX_ATTEMPTS;
    }

    /** The next failed attempt, with its reason. */
    public SkippedMessage failedAgain(String why) {
        return new SkippedMessage(uid, why, attempts + 1);
    }
}
