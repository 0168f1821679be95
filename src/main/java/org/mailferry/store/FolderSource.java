package org.mailferry.store;

import java.util.function.Consumer;

/**
 * A folder opened for reading. One per partition (IMAP: its own connection). Not thread-safe.
 */
public interface FolderSource extends AutoCloseable {

    FolderInfo folder();

    /** UIDVALIDITY of the folder as opened. */
    long uidValidity();

    /** HIGHESTMODSEQ when the store supports CONDSTORE, else 0. */
    long highestModSeq();

    /** Messages with UID strictly greater than {@code afterUid}, ascending. */
    MessageCursor messagesAfter(long afterUid);

    /**
     * Reports the current flags of messages with UID up to {@code throughUid}: with
     * {@code sinceModSeq > 0} and CONDSTORE only those changed since then, otherwise all of them.
     */
    void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink);

    /** Reconnects and waits this source went through; archives have none. */
    default RetryStats retryStats() {
        return new RetryStats();
    }

    @Override
    void close();
}
