package org.mailferry.store;

/**
 * What a store says of a folder without opening it (IMAP STATUS): enough to tell that nothing
 * changed since the last pass, so a run can skip the folder without a connection of its own.
 *
 * @param highestModSeq 0 when the store has no CONDSTORE
 */
public record FolderStatus(long uidValidity, long uidNext, long highestModSeq, long messages) {

    /**
     * True when a sink holding {@code held} has every message and every flag change of this
     * folder: same generation, no UID assigned after the last one held, and CONDSTORE reports no
     * change since the last complete pass.
     */
    public boolean unchangedSince(SyncState held) {
        return held.uidValidity() == uidValidity && uidNext > 0 && held.lastUid() >= uidNext - 1
                && highestModSeq > 0 && held.highestModSeq() == highestModSeq;
    }

    /**
     * An upper estimate of the messages still to copy to a sink holding {@code held}: every
     * message when it holds another generation, else those with a UID above its last one, which
     * are at most {@code uidNext - 1 - lastUid} and at most all messages.
     */
    public long estimateToCopy(SyncState held) {
        if (held == null || held.uidValidity() != uidValidity || uidNext <= 0) {
            return messages;
        }
        return Math.max(0, Math.min(messages, uidNext - 1 - held.lastUid()));
    }
}
