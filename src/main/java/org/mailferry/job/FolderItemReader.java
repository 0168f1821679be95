package org.mailferry.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.FlagChange;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageRange;
import org.mailferry.store.SourceMessage;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one folder for its partition: first the current flags of messages the sink already
 * holds (all of them, or only those changed since the last pass with CONDSTORE), then the
 * messages the sink lost and wants again ({@link FolderCopy#wanted()}: those the source no longer
 * has are reported lost, once), then those an earlier run's filter left out that this run's
 * filter takes ({@link FolderCopy#fillIn()}), then the messages above the start UID that the
 * run's filter takes, in ascending order (held back by the account's rate limit), then
 * in mirror mode the messages the sink holds that the source no longer has. A message that
 * cannot be read is recorded as skipped and reading goes on.
 *
 * <p>As Spring Batch's own readers, it is an {@link ItemStream} that keeps its position in the
 * partition's ExecutionContext ({@link PartitionContext.Cursor}: the generation, the highest UID
 * handed out, whether the flags pass is done), saved with each chunk's commit; and the step's only
 * stream: it opens, saves and closes the {@link FolderCopy} it reads, so the copy is open before
 * the position is read. One per partition execution.
 */
public class FolderItemReader implements ItemStreamReader<FolderItem> {

    private final FolderCopy copy;
    private long lastUid;
    private boolean flagsDone;
    private Deque<FlagChange> flags;
    private WantedMessages wanted;
    private MessageCursor fillIn;
    private boolean fillInDone;
    private long filledIn;
    private MessageCursor cursor;
    private Deque<Long> deletions;

    public FolderItemReader(FolderCopy copy) {
        this.copy = copy;
    }

    @Override
    public void open(ExecutionContext ec) {
        copy.open(ec);
        if (!copy.unchanged()) {
            copy.start(PartitionContext.cursor(ec));
        }
        lastUid = copy.startUid();
        flagsDone = copy.flagsDoneAtStart();
    }

    @Override
    public void update(ExecutionContext ec) {
        PartitionContext.saveCursor(ec, new PartitionContext.Cursor(copy.uidValidity(), lastUid, flagsDone));
        copy.update(ec);
    }

    @Override
    public void close() {
        copy.close();
    }

    @Override
    public FolderItem read() throws InterruptedException {
        if (copy.unchanged()) {
            return null;
        }
        if (!flagsDone) {
            if (flags == null) {
                List<FlagChange> all = new ArrayList<>();
                copy.source().flagsThrough(copy.heldUid(), copy.flagsSince(), all::add);
                flags = new ArrayDeque<>(all);
            }
            FlagChange c = flags.poll();
            if (c != null) {
                return new FolderItem.FlagUpdate(c);
            }
            flagsDone = true;
            flags = null;
        }
        if (wanted == null) {
            wanted = new WantedMessages(copy);
        }
        SourceMessage again = wanted.next(this::nextMessage);
        if (again != null) {
            return new FolderItem.NewMessage(again);
        }
        MessageRange filter = copy.channel().options().filter();
        if (!fillInDone && copy.fillIn().length == 0) {
            fillInDone = true;
        }
        if (!fillInDone) {
            if (fillIn == null) {
                fillIn = copy.source().messages(copy.fillIn());
            }
            SourceMessage m = nextMessage(fillIn, filter);
            if (m != null) {
                filledIn++;
                return new FolderItem.NewMessage(m);
            }
            fillInDone = true;
            fillIn.close();
            if (filledIn > 0) {
                copy.tally().note("filled in " + filledIn + " messages the earlier filter ("
                        + (copy.filterBefore().isAll() ? "none" : copy.filterBefore().describe())
                        + ") left out");
            }
        }
        if (cursor == null) {
            cursor = copy.source().messagesAfter(copy.startUid(), filter, copy.tally()::excluded);
            copy.channel().progress().folderStarted(copy.name(), cursor.expectedCount());
        }
        if (deletions == null) {
            SourceMessage m = nextMessage(cursor, filter);
            if (m != null) {
                return new FolderItem.NewMessage(m);
            }
            deletions = copy.channel().options().removesGone() ? gone() : new ArrayDeque<>();
        }
        Long uid = deletions.poll();
        return uid == null ? null : new FolderItem.Deletion(uid);
    }

    /** The cursor's next message (rate-limited), recording those that cannot be read as skipped. */
    SourceMessage nextMessage(MessageCursor cursor) throws InterruptedException {
        return nextMessage(cursor, MessageRange.ALL);
    }

    /** The same, leaving out (and counting) the messages {@code filter} does not take. */
    private SourceMessage nextMessage(MessageCursor cursor, MessageRange filter) throws InterruptedException {
        while (true) {
            try {
                SourceMessage m = cursor.next();
                copy.tally().anomalies(copy.source().anomalies().drain());
                if (m != null && !filter.matches(m.meta())) {
                    m.close();
                    copy.tally().excluded(1);
                    continue;
                }
                if (m != null) {
                    copy.tally().limited(copy.channel().options().rateLimit().acquire(m.content().size()));
                    lastUid = Math.max(lastUid, m.uid()); // committed with the chunk it belongs to
                }
                return m;
            } catch (MessageFailure f) {
                copy.tally().anomalies(copy.source().anomalies().drain());
                copy.skipped(f.uid(), f.getMessage());
                copy.unreadable(f.uid());
            }
        }
    }

    /** Source UIDs the sink holds that the source folder no longer has, ascending. */
    private Deque<Long> gone() {
        java.util.Set<Long> held = new java.util.TreeSet<>(copy.sink().heldSourceUids());
        for (long uid : copy.source().allUids()) {
            held.remove(uid);
        }
        return new ArrayDeque<>(held);
    }
}
