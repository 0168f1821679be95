package org.mailferry.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a source server sent that did not match what was asked, for one partition: responses
 * dropped (a UID not requested, UID 0, a second answer for a UID), messages whose size differed
 * from RFC822.SIZE (kept), and INTERNALDATEs that could not be read (replaced). The reader drains
 * them into the folder's tally ({@link #drain()}). Thread-safe: fetch-ahead lanes count too.
 */
public final class ReadAnomalies {

    private final AtomicLong unrequested = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong sizeMismatches = new AtomicLong();
    private final AtomicLong datesSubstituted = new AtomicLong();

    /** Counts of one folder; also what the summary shows. */
    public record Counts(long unrequestedResponses, long duplicateResponses, long sizeMismatches,
                         long datesSubstituted) {

        public static final Counts NONE = new Counts(0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(unrequestedResponses + o.unrequestedResponses, duplicateResponses + o.duplicateResponses,
                    sizeMismatches + o.sizeMismatches, datesSubstituted + o.datesSubstituted);
        }

        public boolean any() {
            return !equals(NONE);
        }
    }

    /** A FETCH response for a UID that was not asked for (or UID 0): dropped. */
    public void unrequested() {
        unrequested.incrementAndGet();
    }

    /** A second FETCH response for a UID already answered: dropped, the first one kept. */
    public void duplicate() {
        duplicates.incrementAndGet();
    }

    /** A complete body whose length differs from RFC822.SIZE: kept, its real size recorded. */
    public void sizeMismatch() {
        sizeMismatches.incrementAndGet();
    }

    /** An INTERNALDATE that could not be read: the Date: header or the backup time stands in. */
    public void dateSubstituted() {
        datesSubstituted.incrementAndGet();
    }

    /** The counts since the last drain, reset to zero. */
    public Counts drain() {
        return new Counts(unrequested.getAndSet(0), duplicates.getAndSet(0), sizeMismatches.getAndSet(0),
                datesSubstituted.getAndSet(0));
    }
}
