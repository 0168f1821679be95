package org.mailferry.job;

import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.MessageRange;
import org.mailferry.store.RetryStats;
import org.mailferry.store.SkippedMessage;
import org.mailferry.store.SyncState;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One folder's copy inside its partition: opens the source and the sink, reconciles the source
 * generation (UIDVALIDITY) with what the sink holds, and decides where reading starts from the
 * sink's sync state and the reader's saved position ({@link #start}). It keeps its
 * {@link FolderTally} and its retries in the partition's ExecutionContext through
 * {@link PartitionContext}. Opened, saved and closed by the {@link FolderItemReader} that reads it
 * (the step's one ItemStream). After the step completes it records the pass in the sink
 * (HIGHESTMODSEQ). One per partition execution ({@link CopyJobs}); thread-confined.
 */
public class FolderCopy implements StepExecutionListener {

    private final CopyChannel channel;
    private final PartitionFolder partition;
    private final FolderInfo folder;
    private final FolderPath target;
    private final FolderTally tally = new FolderTally();
    private FolderSource source;
    private FolderSink sink;
    private long uidValidity;
    private long startUid;
    private long heldUid;
    private long flagsSince;
    private boolean flagsDoneAtStart;
    private boolean unchanged;
    private long[] wanted = new long[0];
    private long[] fillIn = new long[0];
    private MessageRange filterBefore = MessageRange.ALL;
    private java.util.Map<Long, SkippedMessage> skipsBefore = java.util.Map.of();
    private final java.util.Set<Long> unreadable = new java.util.HashSet<>();

    public FolderCopy(CopyChannel channel, PartitionFolder partition) {
        this.channel = channel;
        this.partition = partition;
        this.folder = partition.source();
        this.target = partition.targetPath();
    }

    /**
     * Adopts this run's plan into {@code ec} (a changed plan drops the saved position), opens the
     * sink, and, unless the listing shows the folder unchanged, the source and its generation.
     */
    void open(ExecutionContext ec) {
        adoptPlan(ec);
        sink = channel.target().openSink(folder, target);
        sink.drainNotes().forEach(tally::note);
        FolderStatus listed = channel.statuses().get(folder.path());
        // removing gone mail must look at the source anyway: earlier deletions may be pending or due
        MessageRange filter = channel.options().filter();
        if (listed != null && !channel.options().removesGone() && sink.wanted().length == 0
                && !sink.recordsIncomplete() && sink.filterInForce().equals(filter)
                && sink.skips().values().stream().allMatch(SkippedMessage::givenUp)
                && listed.unchangedSince(sink.syncState())) {
            unchanged = true; // no new message, no flag change: no connection needed
            uidValidity = listed.uidValidity();
            startUid = sink.syncState().lastUid();
            flagsDoneAtStart = true;
            reportGivenUp(sink.skips());
            return;
        }
        source = channel.source().openSource(folder);
        uidValidity = source.uidValidity();
        String note = sink.beginGeneration(uidValidity);
        if (note != null) {
            tally.note(note);
        }
        skipsBefore = sink.skips();
        reportGivenUp(skipsBefore);
    }

    /**
     * Decides where reading starts: after the higher of what the sink holds and {@code saved}, the
     * reader's position an interrupted execution committed (ignored unless of this generation),
     * and what is wanted again, filled in and whether flags are read. Not called for an unchanged folder.
     */
    void start(java.util.Optional<PartitionContext.Cursor> saved) {
        MessageRange filter = channel.options().filter();
        SyncState held = sink.syncState();
        heldUid = held.lastUid();
        java.util.Optional<PartitionContext.Cursor> cursor = saved.filter(c -> c.uidValidity() == uidValidity);
        long resumed = cursor.map(PartitionContext.Cursor::lastUid).orElse(0L);
        startUid = Math.max(heldUid, resumed);
        java.util.SortedSet<Long> again = new java.util.TreeSet<>();
        skipsBefore.values().stream().filter(s -> !s.givenUp()).forEach(s -> again.add(s.uid()));
        filterBefore = sink.filterInForce();
        boolean compare = sink.recordsIncomplete() && heldUid > 0;
        if (compare && filterBefore.isAll()) {
            again.addAll(unheld(filterBefore, again)); // wanted again like a file found missing
        }
        again.removeIf(uid -> uid > startUid); // skipped above the start: the pass reads them anyway
        // lost from the sink, above the start too (an mbox cut back): those the source no longer has are reported lost
        java.util.Arrays.stream(sink.wanted()).forEach(again::add);
        wanted = again.stream().mapToLong(Long::longValue).toArray();
        if (compare && !filterBefore.isAll()) {
            fillIn = fillIn(filter, again); // a superset under a filter: the reader checks each against it
        }
        if (!filterBefore.equals(filter)) {
            fillIn = fillIn(filter, again);
            // before anything is written under the new filter: a claim that holds for both
            sink.recordFilter(filterBefore.intersect(filter));
        }
        flagsDoneAtStart = cursor.map(PartitionContext.Cursor::flagsDone).orElse(false) || heldUid == 0;
        boolean modSeqKnown = source.highestModSeq() > 0 && held.highestModSeq() > 0;
        if (modSeqKnown && held.highestModSeq() >= source.highestModSeq()) {
            flagsDoneAtStart = true; // CONDSTORE says nothing changed since the last complete pass
        }
        flagsSince = modSeqKnown ? held.highestModSeq() : 0;
        if (compare) {
            flagsDoneAtStart = false; // what the lost records said (flags, labels) is read from the source again
            flagsSince = 0;
        }
    }

    /**
     * Source UIDs up to the highest held that {@code filter} may take and the sink neither holds
     * nor tracks already ({@code tracked}: wanted again or skipped, given-up skips included):
     * what the filter recorded in the sink left out and this run's filter takes.
     */
    private long[] fillIn(MessageRange filter, java.util.Set<Long> tracked) {
        if (heldUid == 0) {
            return new long[0];
        }
        return unheld(filter, tracked).stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Source UIDs up to the highest held that {@code filter} takes and the sink neither holds nor
     * tracks (wanted again, skipped before): one UID SEARCH on the source, one pass over the held UIDs.
     */
    private java.util.List<Long> unheld(MessageRange filter, java.util.Set<Long> tracked) {
        java.util.Set<Long> held = sink.heldSourceUids();
        return java.util.Arrays.stream(source.uidsThrough(heldUid, filter))
                .filter(uid -> !held.contains(uid) && !tracked.contains(uid) && !skipsBefore.containsKey(uid))
                .boxed().toList();
    }

    /**
     * A resumed partition brings the context of the execution it continues: its cursor counts only
     * when that execution copied the same folder to the same target (a context that lost its
     * folder, or a changed mapping, starts from the sync state in the sink). The counts start at
     * zero in every execution: each reports what it did itself.
     */
    private void adoptPlan(ExecutionContext ec) {
        PartitionContext.resetRetries(ec);
        String planned = partition.toJson();
        String before = PartitionContext.planJson(ec).orElse(null);
        if (!planned.equals(before)) {
            FolderPath earlier = earlierTarget(before);
            if (earlier != null && !earlier.equals(target)) {
                tally.note("the earlier run copied this folder to \"" + earlier + "\"; this command's mapping sends it to \""
                        + target + "\" (what \"" + earlier + "\" holds stays; its cursor is not reused)");
            }
            PartitionContext.dropCursor(ec);
            PartitionContext.replacePlan(ec, partition);
        }
    }

    /** The target of the plan a resumed context was saved under, or null when it has none or cannot be read. */
    private static FolderPath earlierTarget(String json) {
        try {
            return json == null ? null : PartitionFolder.fromJson(json).targetPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Saves the tally (and the sink's notes so far) with each chunk. */
    void update(ExecutionContext ec) {
        sink.drainNotes().forEach(tally::note);
        tally.save(ec);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        boolean ok = ExitStatus.COMPLETED.getExitCode().equals(stepExecution.getExitStatus().getExitCode());
        if (ok && sink != null && source != null) {
            sink.recordFilter(channel.options().filter()); // every message up to the highest held that it takes is held
            sink.completePass(source.highestModSeq());
        }
        channel.progress().folderFinished(folder.path().display(), ok);
        ExecutionContext ec = stepExecution.getExecutionContext();
        PartitionContext.saveHeld(ec, sink == null ? -1 : sink.heldCount());
        if (ok) {
            // Spring Batch hands a restarted partition the context of its last execution even when
            // that one completed: a finished pass leaves no reader position, so the next pass starts
            // from the sink and reads flag changes again (saved after this listener returns)
            PartitionContext.dropCursor(ec);
        }
        for (RetryStats r : new RetryStats[] {source == null ? null : source.retryStats(),
                                              sink == null ? null : sink.retryStats()}) {
            if (r != null) {
                PartitionContext.addRetries(ec, r);
            }
        }
        return null;
    }

    void close() {
        if (source != null) {
            source.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    FolderSource source() {
        return source;
    }

    /** The listing showed nothing new since the last pass: the folder is not opened at all. */
    boolean unchanged() {
        return unchanged;
    }

    FolderSink sink() {
        return sink;
    }

    /** The target folder, as mapped from the source folder. */
    FolderPath target() {
        return target;
    }

    FolderTally tally() {
        return tally;
    }

    String name() {
        return folder.path().display();
    }

    CopyChannel channel() {
        return channel;
    }

    /** The UID reading starts after (for an unchanged folder: the highest the sink holds). */
    long startUid() {
        return startUid;
    }

    long uidValidity() {
        return uidValidity;
    }

    /** Highest UID the sink held before this run: flag changes are looked up through it. */
    long heldUid() {
        return heldUid;
    }

    /**
     * Messages skipped by earlier runs that the sink still lacks are listed by every run: those
     * given up on (no longer fetched) here, the others when they fail again.
     */
    private void reportGivenUp(java.util.Map<Long, SkippedMessage> skips) {
        skips.values().stream().filter(SkippedMessage::givenUp).forEach(s -> tally.skipped(s.uid(),
                s.reason() + " (given up after " + s.attempts() + " attempts: no longer fetched)"));
    }

    /**
     * This message is not copied in this run (the source could not deliver it, the target refused
     * it): recorded in the sink's own state, so later runs try it again, and in the tally.
     */
    void skipped(long uid, String reason) {
        SkippedMessage s = sink.skipped(uid, reason);
        tally.skipped(uid, s.attempts() <= 1 ? reason : reason + " (attempt " + s.attempts() + " of "
                + SkippedMessage.MAX_ATTEMPTS + (s.givenUp() ? "; given up: later runs only list it)" : ")"));
    }

    /** The skipped message earlier runs recorded for this UID, or null. */
    SkippedMessage skippedBefore(long uid) {
        return skipsBefore.get(uid);
    }

    /** The source could not deliver this message in this run (reported as skipped). */
    void unreadable(long uid) {
        unreadable.add(uid);
    }

    boolean wasUnreadable(long uid) {
        return unreadable.contains(uid);
    }

    /** UIDs up to the start UID that the sink lost and wants again, ascending. */
    long[] wanted() {
        return wanted;
    }

    /** UIDs up to the start UID that an earlier run's filter left out and this run's takes, ascending. */
    long[] fillIn() {
        return fillIn;
    }

    /** The filter the sink recorded before this run ({@link MessageRange#ALL}: none). */
    MessageRange filterBefore() {
        return filterBefore;
    }

    long flagsSince() {
        return flagsSince;
    }

    /** Whether the flags pass is already done when reading starts (or not needed at all). */
    boolean flagsDoneAtStart() {
        return flagsDoneAtStart;
    }
}
