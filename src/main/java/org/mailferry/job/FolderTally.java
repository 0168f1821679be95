package org.mailferry.job;

import java.util.ArrayList;
import java.util.List;
import org.mailferry.store.LinkCounts;
import org.mailferry.store.ReadAnomalies;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Counts of one folder's copy in one execution, kept in the step's ExecutionContext at every
 * commit ({@link PartitionContext#saveTally}) so the report survives the process; a resumed partition starts
 * from zero, so each execution counts what it did itself. Only the first {@value #MAX_LISTED} skipped messages are listed. Thread-confined to
 * its partition.
 */
public final class FolderTally {

    static final int MAX_LISTED = 200;

    private long copied;
    private long bytes;
    private long alreadyPresent;
    private long flagUpdates;
    private long skipped;
    private long deleted;
    private long limitedMillis;
    private long altered;
    private long excluded;
    private final List<String> skippedList = new ArrayList<>();
    private final List<String> alteredList = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ReadAnomalies.Counts anomalies = ReadAnomalies.Counts.NONE;
    private LinkCounts links = LinkCounts.NONE;

    public void copied(long messageBytes) {
        copied++;
        bytes += messageBytes;
    }

    public void alreadyPresent() {
        alreadyPresent++;
    }

    public void flagsUpdated(int n) {
        flagUpdates += n;
    }

    public void deleted(int n) {
        deleted += n;
    }

    /** Time the user's rate limit held the reader back. */
    public void limited(long millis) {
        limitedMillis += millis;
    }

    public void skipped(long uid, String reason) {
        skipped++;
        if (skippedList.size() < MAX_LISTED) {
            skippedList.add(("UID " + uid + ": " + reason).replaceAll("[\\r\\n]+", " "));
        }
    }

    /** A message the target stored with other bytes than were sent (read back after APPEND). */
    public void altered(long uid, String reason) {
        altered++;
        if (alteredList.size() < MAX_LISTED) {
            alteredList.add(("UID " + uid + ": " + reason).replaceAll("[\\r\\n]+", " "));
        }
    }

    /** A message stored as a hard link to an identical one ({@code --dedupe}). */
    public void linked(long messageBytes) {
        links = links.plus(new LinkCounts(1, messageBytes, 0));
    }

    /** A message copied although an identical one is stored: the link failed. */
    public void notLinked() {
        links = links.plus(new LinkCounts(0, 0, 1));
    }

    /** Messages of the source this run left out because of its filter. */
    public void excluded(long n) {
        excluded += n;
    }

    public void note(String note) {
        notes.add(note);
    }

    /** Answers of the source that did not match the request. */
    public void anomalies(ReadAnomalies.Counts more) {
        anomalies = anomalies.plus(more);
    }

    /** Saves the counts into the partition's context ({@link PartitionContext}) at every commit. */
    public void save(ExecutionContext ec) {
        PartitionContext.saveTally(ec, new PartitionContext.Tally(copied, bytes, alreadyPresent, flagUpdates, deleted,
                skipped, limitedMillis, altered, List.copyOf(skippedList), List.copyOf(alteredList), List.copyOf(notes),
                anomalies, excluded));
        PartitionContext.saveLinks(ec, links);
    }
}
