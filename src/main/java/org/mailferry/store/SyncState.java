package org.mailferry.store;

/**
 * What a sink holds of one source folder, kept with the archive or target so that the next run
 * copies only what is new even without the job database.
 *
 * @param uidValidity   the source folder generation the sink holds, 0 when it holds nothing yet
 * @param lastUid       every source message with UID up to this one has been handled
 * @param highestModSeq the source HIGHESTMODSEQ at the end of the last complete pass, 0 if unknown
 */
public record SyncState(long uidValidity, long lastUid, long highestModSeq) {

    public static final SyncState EMPTY = new SyncState(0, 0, 0);

    public boolean isEmpty() {
        return uidValidity == 0;
    }
}
