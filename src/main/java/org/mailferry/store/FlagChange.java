package org.mailferry.store;

/**
 * The current flags of a message a sink already holds (found by CONDSTORE or a full flag scan),
 * and on Gmail its current labels ({@code gmail}, else null).
 */
public record FlagChange(long uid, MessageFlags flags, GmailMeta gmail) {

    public FlagChange(long uid, MessageFlags flags) {
        this(uid, flags, null);
    }
}
