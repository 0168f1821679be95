package org.mailferry.job;

import java.util.List;
import java.util.Optional;
import org.mailferry.store.ReadAnomalies;
import org.mailferry.store.RetryStats;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The one codec of a folder partition's ExecutionContext: every key the job writes there and the
 * report reads is named here and nowhere else, with typed accessors.
 *
 * <ul>
 *   <li>{@code partition.folder} (the planned folder, {@link PartitionFolder} JSON) and
 *       {@code partition.messages} (its size when planned, -1 when unknown: the largest-first order and how many folders run at once);</li>
 *   <li>the cursor: {@code reader.uidValidity}, {@code reader.lastUid}, {@code reader.flagsDone}
 *       (names kept from earlier versions, whose stored contexts a restart may meet);</li>
 *   <li>what this execution did: {@code tally.*} and {@code retry.*}, both from zero in every
 *       execution.</li>
 * </ul>
 */
public final class PartitionContext {

    private static final String FOLDER = "partition.folder";
    private static final String SIZE = "partition.messages";
    private static final String CURSOR_UIDVALIDITY = "reader.uidValidity";
    private static final String CURSOR_LAST_UID = "reader.lastUid";
    private static final String CURSOR_FLAGS_DONE = "reader.flagsDone";
    private static final String RECONNECTS = "retry.reconnects";
    private static final String THROTTLE_WAITS = "retry.throttleWaits";
    private static final String WAITED_MILLIS = "retry.waitedMillis";

    private PartitionContext() {
    }

    /** Where reading stood at the last commit: every message up to {@code lastUid} of that generation is handled. */
    public record Cursor(long uidValidity, long lastUid, boolean flagsDone) {
    }

    /** What one execution of a partition did (the report's per-folder line). */
    public record Tally(long copied, long bytes, long alreadyPresent, long flagUpdates, long deleted, long skipped,
                        long limitedMillis, long altered, List<String> skippedMessages, List<String> alteredMessages,
                        List<String> notes, ReadAnomalies.Counts anomalies, long excluded) {

        public static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(),
                ReadAnomalies.Counts.NONE, 0);
    }

    /** Reconnects and waits of one execution. */
    public record Retries(long reconnects, long throttleWaits, long waitedMillis) {
    }

    // --- the plan

    static void savePlan(ExecutionContext ec, PartitionFolder planned, long size) {
        ec.putString(FOLDER, planned.toJson());
        ec.putLong(SIZE, size);
    }

    /** The plan's JSON as stored, compared as text to tell a changed plan. */
    static Optional<String> planJson(ExecutionContext ec) {
        return Optional.ofNullable(ec.getString(FOLDER, null));
    }

    static void replacePlan(ExecutionContext ec, PartitionFolder planned) {
        ec.putString(FOLDER, planned.toJson());
    }

    /** The planned folder, if the context holds one that can be read. */
    public static Optional<PartitionFolder> plan(ExecutionContext ec) {
        try {
            return planJson(ec).map(PartitionFolder::fromJson);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The folder's message count when it was planned; -1 when unknown (no STATUS). */
    static long plannedSize(ExecutionContext ec) {
        return ec.getLong(SIZE, -1);
    }

    // --- the cursor

    static Optional<Cursor> cursor(ExecutionContext ec) {
        if (!ec.containsKey(CURSOR_UIDVALIDITY)) {
            return Optional.empty();
        }
        return Optional.of(new Cursor(ec.getLong(CURSOR_UIDVALIDITY), ec.getLong(CURSOR_LAST_UID, 0),
                ec.containsKey(CURSOR_FLAGS_DONE)));
    }

    static void saveCursor(ExecutionContext ec, Cursor c) {
        ec.putLong(CURSOR_UIDVALIDITY, c.uidValidity());
        ec.putLong(CURSOR_LAST_UID, c.lastUid());
        if (c.flagsDone()) {
            ec.putLong(CURSOR_FLAGS_DONE, 1);
        } else {
            ec.remove(CURSOR_FLAGS_DONE);
        }
    }

    static void dropCursor(ExecutionContext ec) {
        ec.remove(CURSOR_UIDVALIDITY);
        ec.remove(CURSOR_LAST_UID);
        ec.remove(CURSOR_FLAGS_DONE);
    }

    // --- what the execution did

    static void saveTally(ExecutionContext ec, Tally t) {
        ec.putLong("tally.copied", t.copied());
        ec.putLong("tally.bytes", t.bytes());
        ec.putLong("tally.present", t.alreadyPresent());
        ec.putLong("tally.flagUpdates", t.flagUpdates());
        ec.putLong("tally.skipped", t.skipped());
        ec.putLong("tally.deleted", t.deleted());
        ec.putLong("tally.limitedMillis", t.limitedMillis());
        ec.putLong("tally.altered", t.altered());
        ec.putLong("tally.excluded", t.excluded());
        ec.putString("tally.alteredList", String.join("\n", t.alteredMessages()));
        ec.putString("tally.skippedList", String.join("\n", t.skippedMessages()));
        ec.putString("tally.notes", String.join("\n", t.notes()));
        ec.putLong("tally.anomaly.unrequested", t.anomalies().unrequestedResponses());
        ec.putLong("tally.anomaly.duplicates", t.anomalies().duplicateResponses());
        ec.putLong("tally.anomaly.sizeMismatches", t.anomalies().sizeMismatches());
        ec.putLong("tally.anomaly.datesSubstituted", t.anomalies().datesSubstituted());
    }

    /** What {@code --dedupe} saved in this execution ({@code tally.linked}, {@code tally.bytesSaved}, {@code tally.notLinked}). */
    static void saveLinks(ExecutionContext ec, org.mailferry.store.LinkCounts l) {
        ec.putLong("tally.linked", l.linked());
        ec.putLong("tally.bytesSaved", l.bytesSaved());
        ec.putLong("tally.notLinked", l.notLinked());
    }

    public static org.mailferry.store.LinkCounts links(ExecutionContext ec) {
        return new org.mailferry.store.LinkCounts(ec.getLong("tally.linked", 0), ec.getLong("tally.bytesSaved", 0),
                ec.getLong("tally.notLinked", 0));
    }

    /** What the sink held of the folder when the execution ended ({@link org.mailferry.store.FolderSink#heldCount()}). */
    static void saveHeld(ExecutionContext ec, long held) {
        ec.putLong("tally.held", held);
    }

    /** -1 when the sink could not tell, or the execution ended before it was opened. */
    public static long held(ExecutionContext ec) {
        return ec.getLong("tally.held", -1);
    }

    public static Tally tally(ExecutionContext ec) {
        return new Tally(ec.getLong("tally.copied", 0), ec.getLong("tally.bytes", 0), ec.getLong("tally.present", 0),
                ec.getLong("tally.flagUpdates", 0), ec.getLong("tally.deleted", 0), ec.getLong("tally.skipped", 0),
                ec.getLong("tally.limitedMillis", 0), ec.getLong("tally.altered", 0),
                lines(ec.getString("tally.skippedList", "")), lines(ec.getString("tally.alteredList", "")),
                lines(ec.getString("tally.notes", "")),
                new ReadAnomalies.Counts(ec.getLong("tally.anomaly.unrequested", 0),
                        ec.getLong("tally.anomaly.duplicates", 0), ec.getLong("tally.anomaly.sizeMismatches", 0),
                        ec.getLong("tally.anomaly.datesSubstituted", 0)), ec.getLong("tally.excluded", 0));
    }

    /** Starts this execution's retry counts at zero (a resumed context brings the last execution's). */
    static void resetRetries(ExecutionContext ec) {
        ec.remove(RECONNECTS);
        ec.remove(THROTTLE_WAITS);
        ec.remove(WAITED_MILLIS);
    }

    static void addRetries(ExecutionContext ec, RetryStats r) {
        ec.putLong(RECONNECTS, ec.getLong(RECONNECTS, 0) + r.reconnects());
        ec.putLong(THROTTLE_WAITS, ec.getLong(THROTTLE_WAITS, 0) + r.throttleWaits());
        ec.putLong(WAITED_MILLIS, ec.getLong(WAITED_MILLIS, 0) + r.waitedMillis());
    }

    public static Retries retries(ExecutionContext ec) {
        return new Retries(ec.getLong(RECONNECTS, 0), ec.getLong(THROTTLE_WAITS, 0), ec.getLong(WAITED_MILLIS, 0));
    }

    private static List<String> lines(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }
}
