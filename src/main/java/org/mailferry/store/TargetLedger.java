package org.mailferry.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sync state for a target that cannot keep it itself (an IMAP mailbox), kept in the job
 * database for one pair of stores: per source folder and target folder, the last source UID
 * copied, the target's UIDVALIDITY and its UIDNEXT after the last committed chunk (a message
 * above it may come from a chunk that never committed), and the source-to-target UID map.
 * {@link #save} joins the running chunk transaction, so the state commits with the reader's
 * cursor. Thread-safe.
 */
public interface TargetLedger {

    /**
     * @param targetFolder        the folder's name on the target server
     * @param sourceUidValidity   the source generation the state is about
     * @param lastSourceUid       every source message up to this UID has been handled
     * @param sourceHighestModSeq source HIGHESTMODSEQ at the end of the last complete pass
     * @param targetUidValidity   the target folder's UIDVALIDITY the UIDs below belong to
     * @param targetUidNext       target UIDNEXT after the last committed chunk
     */
    record Entry(String targetFolder, long sourceUidValidity, long lastSourceUid, long sourceHighestModSeq,
                 long targetUidValidity, long targetUidNext) {
    }

    /** One message copied: its UID in the source and in the target. */
    record UidPair(long sourceUid, long targetUid) {
    }

    Optional<Entry> load(FolderPath source, String targetFolder);

    /**
     * This ledger as if it held no folder state ({@code --resync}): every target folder is matched
     * message by message against the source, as after a lost ledger, and what it lacks is sent
     * again; what is found or sent is recorded as usual.
     */
    default TargetLedger forgettingFolders() {
        TargetLedger all = this;
        return new TargetLedger() {
            @Override
            public Optional<Entry> load(FolderPath source, String targetFolder) {
                return Optional.empty();
            }

            @Override
            public void save(FolderPath source, Entry entry, List<UidPair> copied) {
                all.save(source, entry, copied);
            }

            @Override
            public Map<Long, Long> targetUids(FolderPath source, Entry entry, Collection<Long> sourceUids) {
                return all.targetUids(source, entry, sourceUids);
            }

            @Override
            public java.util.Set<Long> sourceUids(FolderPath source, Entry entry) {
                return all.sourceUids(source, entry);
            }

            @Override
            public void forget(FolderPath source, Entry entry, Collection<Long> sourceUids) {
                all.forget(source, entry, sourceUids);
            }

            @Override
            public Map<Long, SkippedMessage> skips(FolderPath source, String targetFolder, long sourceUidValidity) {
                return all.skips(source, targetFolder, sourceUidValidity);
            }

            @Override
            public SkippedMessage skipped(FolderPath source, String targetFolder, long sourceUidValidity, long uid,
                                          String reason) {
                return all.skipped(source, targetFolder, sourceUidValidity, uid, reason);
            }

            @Override
            public void unskip(FolderPath source, String targetFolder, long sourceUidValidity, Collection<Long> uids) {
                all.unskip(source, targetFolder, sourceUidValidity, uids);
            }

            @Override
            public MessageRange filter(FolderPath source, String targetFolder, long sourceUidValidity) {
                return all.filter(source, targetFolder, sourceUidValidity);
            }

            @Override
            public void recordFilter(FolderPath source, String targetFolder, long sourceUidValidity, MessageRange filter) {
                all.recordFilter(source, targetFolder, sourceUidValidity, filter);
            }
        };
    }

    /** The filter the folder's claim is made under ({@link MessageRange#ALL}: none). */
    default MessageRange filter(FolderPath source, String targetFolder, long sourceUidValidity) {
        return MessageRange.ALL;
    }

    /** Records, durably and at once, the filter the folder's claim is made under from now on. */
    default void recordFilter(FolderPath source, String targetFolder, long sourceUidValidity, MessageRange filter) {
        if (!filter.isAll()) {
            throw new org.mailferry.error.MailferryException(org.mailferry.error.FailureScope.STORE,
                    org.mailferry.error.ExitCode.USAGE, "this target cannot record a filter");
        }
    }

    /** Messages of this source generation skipped for this target folder and not delivered since, by UID. */
    default Map<Long, SkippedMessage> skips(FolderPath source, String targetFolder, long sourceUidValidity) {
        return Map.of();
    }

    /** Records one more failed attempt to deliver a message (in the running chunk transaction). */
    default SkippedMessage skipped(FolderPath source, String targetFolder, long sourceUidValidity, long uid,
                                   String reason) {
        return new SkippedMessage(uid, reason, 1);
    }

    /** Forgets skipped messages now delivered or gone from the source. */
    default void unskip(FolderPath source, String targetFolder, long sourceUidValidity, Collection<Long> uids) {
    }

    /** Records the new state and the UIDs of messages copied by the current chunk. */
    void save(FolderPath source, Entry entry, List<UidPair> copied);

    /** Target UIDs of these source messages, for the given generations on both sides. */
    Map<Long, Long> targetUids(FolderPath source, Entry entry, Collection<Long> sourceUids);

    /** Every source UID the target holds for this generation (mirror mode looks for deleted ones). */
    java.util.Set<Long> sourceUids(FolderPath source, Entry entry);

    /** Drops the map rows of these source messages (deleted from the target in mirror mode). */
    void forget(FolderPath source, Entry entry, Collection<Long> sourceUids);

    /** A ledger that remembers nothing (dry runs, tests): every target folder looks new. */
    TargetLedger NONE = new TargetLedger() {
        @Override
        public Optional<Entry> load(FolderPath source, String targetFolder) {
            return Optional.empty();
        }

        @Override
        public void save(FolderPath source, Entry entry, List<UidPair> copied) {
        }

        @Override
        public Map<Long, Long> targetUids(FolderPath source, Entry entry, Collection<Long> sourceUids) {
            return Map.of();
        }

        @Override
        public java.util.Set<Long> sourceUids(FolderPath source, Entry entry) {
            return java.util.Set.of();
        }

        @Override
        public void forget(FolderPath source, Entry entry, Collection<Long> sourceUids) {
        }
    };
}
