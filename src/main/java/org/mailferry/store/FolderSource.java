package org.mailferry.store;

import java.util.function.Consumer;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

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
     * The messages {@link #messagesAfter} yields, without checking each one's bytes against what
     * was recorded for it: a listing (ls, search) that reads a message's bytes only when asked
     * for them, where a damaged message shows up as an error of that read. This default checks
     * as {@link #messagesAfter} does.
     */
    default MessageCursor listingAfter(long afterUid) {
        return messagesAfter(afterUid);
    }

    /**
     * Messages with UID above {@code afterUid} that may match {@code filter}, ascending: the
     * source leaves out what it can tell cheaply does not match (IMAP: SEARCH on the server) and
     * reports how many it left out to {@code excluded}; the caller checks each message it gets
     * with {@link MessageRange#matches}. This default leaves out nothing.
     */
    default MessageCursor messagesAfter(long afterUid, MessageRange filter, java.util.function.LongConsumer excluded) {
        return messagesAfter(afterUid);
    }

    /**
     * UIDs up to {@code throughUid} of the messages that may match {@code filter}, ascending
     * (a superset: the caller checks each message it fetches): what a run under a wider filter
     * must look at again.
     */
    default long[] uidsThrough(long throughUid, MessageRange filter) {
        throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                "this source cannot search its messages (filters need an IMAP source)");
    }

    /**
     * The messages with these UIDs (ascending) that the folder still has, ascending. This default
     * reads from the lowest of them on and keeps only those asked for.
     */
    default MessageCursor messages(long[] uids) {
        return new SelectedMessages(messagesAfter(uids.length == 0 ? Long.MAX_VALUE : uids[0] - 1), uids);
    }

    /**
     * Reports the current flags of messages with UID up to {@code throughUid}: with
     * {@code sinceModSeq > 0} and CONDSTORE only those changed since then, otherwise all of them.
     */
    void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink);

    /** UIDs of every message the folder holds now (mirror mode). */
    default long[] allUids() {
        throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                "this source cannot tell which messages were deleted (mirror mode needs an IMAP source)");
    }

    /** Answers of the server that did not match what was asked; archives have none. */
    default ReadAnomalies anomalies() {
        return new ReadAnomalies();
    }

    /** Reconnects and waits this source went through; archives have none. */
    default RetryStats retryStats() {
        return new RetryStats();
    }

    @Override
    void close();
}
