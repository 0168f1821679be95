package org.mailferry.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * A folder opened for writing, holding messages from one source folder. Every write is
 * idempotent: a message whose UID the sink already holds for the current source generation is
 * skipped, so a chunk repeated after a crash does no harm. One per partition; not thread-safe.
 */
public interface FolderSink extends AutoCloseable {

    /** The sync state the sink holds for its source folder ({@link SyncState#EMPTY} when new). */
    SyncState syncState();

    /**
     * Declares the source generation about to be written. When the sink holds another
     * UIDVALIDITY, it sets that content aside (never mixing two UID spaces, never deleting) and
     * starts empty; the returned text says what it did, or is {@code null} when nothing changed.
     */
    String beginGeneration(long uidValidity);

    /**
     * Writes the messages it does not hold yet, durably, in order. Returns one outcome per input
     * message. Throws {@link org.mailferry.error.MailferryException} for folder or store failures.
     */
    List<WriteOutcome> write(List<SourceMessage> messages);

    /**
     * Records the current flags of messages already held; unknown UIDs are ignored. Returns how
     * many held messages actually changed.
     */
    int updateFlags(List<FlagChange> changes);

    /**
     * The filter the sink's claim is made under: every source message up to
     * {@link SyncState#lastUid()} that matches it is held ({@link MessageRange#ALL}: every one).
     */
    default MessageRange filterInForce() {
        return MessageRange.ALL;
    }

    /**
     * Records, durably, the filter the claim is made under from now on. A copy records the
     * intersection of the old and the new filter before it writes anything, and the new one
     * only after a complete pass under it.
     */
    default void recordFilter(MessageRange filter) {
        if (!filter.isAll()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "this target cannot record a filter (--since, --before, --larger-than, --smaller-than)");
        }
    }

    /** Records that a full pass over the source ended at this HIGHESTMODSEQ (0 if none). */
    void completePass(long highestModSeq);

    /**
     * Source UIDs of the current generation the sink should hold but lost: its own record of
     * what it wrote (an archive's checksum log) names them, but their copy is missing or damaged
     * (set aside by the check that opening runs). Ascending; the reader fetches them again.
     */
    default long[] wanted() {
        return new long[0];
    }

    /**
     * The sink's own record of what it wrote (an archive's checksum log or index) was lost, cut
     * short or damaged, so {@link #wanted()} may not name every message it lost: the copy then
     * compares what the sink holds with the source's UIDs up to the highest held and fetches
     * what it lacks, and {@link #completePass} makes the record whole again.
     */
    default boolean recordsIncomplete() {
        return false;
    }

    /**
     * Messages of the current generation that earlier runs skipped and the sink still lacks, with
     * the last reason and the attempts so far, by UID (those it holds meanwhile are left out).
     * The copy fetches those not given up on again, whatever UID it starts from.
     */
    default Map<Long, SkippedMessage> skips() {
        return Map.of();
    }

    /**
     * A source message could not be copied (no body sent, unreadable, refused by the target): the
     * sink records it in its own state with one more attempt (see {@link #skips()}) until a write
     * of it succeeds, and returns the record.
     */
    default SkippedMessage skipped(long uid, String reason) {
        return new SkippedMessage(uid, reason, 1);
    }

    /** These UIDs (wanted or skipped) are no longer on the source: the sink stops wanting them (reported once as lost). */
    default void lost(Collection<Long> uids) {
    }

    /** Source UIDs the sink holds for the current generation (mirror mode). */
    default Set<Long> heldSourceUids() {
        throw mirrorUnsupported();
    }

    /**
     * These source UIDs are no longer on the source: removes the copies that have been gone for
     * at least {@code keep} (ZERO: now; mirror mode and retention) and returns how many went.
     * Sinks that remember when a message went (archives) count {@code keep} from then.
     */
    default int removeGone(Collection<Long> goneSourceUids, java.time.Duration keep) {
        throw mirrorUnsupported();
    }

    private static MailferryException mirrorUnsupported() {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                "this target cannot remove what the source deleted");
    }

    /**
     * Things worth telling the user that happened since the last call (a folder created or
     * renamed, keywords the target cannot keep), for the run report. Drained: each note once.
     */
    default List<String> drainNotes() {
        return List.of();
    }

    /**
     * How many messages the sink holds for its source folder's current generation, when it can
     * tell without reading them (an archive counts its files or index entries); -1 when it cannot
     * (a mailbox). The run's summary shows it as "held".
     */
    default long heldCount() {
        return -1;
    }

    /** Reconnects and waits this sink went through; archives have none. */
    default RetryStats retryStats() {
        return new RetryStats();
    }

    @Override
    void close();
}
