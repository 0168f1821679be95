package org.mailferry.report;

import java.time.Instant;
import java.util.List;

/**
 * The result of one run as users and scripts see it (printed, or JSON with {@code --json}).
 * Counts are the execution's own: a resumed run does not include what its killed predecessor
 * committed (that execution's own summary does).
 *
 * @param outcome  {@code complete}, {@code partial}, {@code failed} or {@code interrupted}
 * @param exitCode the process exit code (README "Exit codes")
 * @param error    the one-line cause when the run failed
 * @param earlier  what earlier executions of the same run (killed or failed, then resumed by this
 *                 one) copied, kept apart from this execution's counts
 */
public record RunSummary(String job, long executionId, long instanceRun, String source, String target, String outcome,
                         int exitCode, String error, Instant started, Instant ended, List<FolderSummary> folders,
                         Totals totals, EarlierAttempts earlier) {

    public RunSummary(String job, long executionId, long instanceRun, String source, String target, String outcome,
                      int exitCode, String error, Instant started, Instant ended, List<FolderSummary> folders,
                      Totals totals) {
        this(job, executionId, instanceRun, source, target, outcome, exitCode, error, started, ended, folders, totals,
                EarlierAttempts.NONE);
    }

    /** Earlier executions of a resumed run and what they copied together. */
    public record EarlierAttempts(int executions, long copied, long bytes) {
        public static final EarlierAttempts NONE = new EarlierAttempts(0, 0, 0);
    }

    /**
     * Sums over all folders. {@code waitedMillis}: waiting to reconnect or as the server asked;
     * {@code rateLimitedMillis}: held back by the user's own limits; {@code altered}: messages the
     * target stored with other bytes than were sent (read back after APPEND); {@code held}: what
     * the target holds of the folders whose sink could tell, -1 when none could; {@code links}:
     * what {@code --dedupe} stored as hard links.
     */
    public record Totals(int folders, int foldersFailed, long copied, long bytes, long alreadyPresent,
                         long flagUpdates, long deleted, long skipped, long reconnects, long throttleWaits,
                         long waitedMillis, long rateLimitedMillis, long altered, long held,
                         org.mailferry.store.LinkCounts links) {

        public Totals(int folders, int foldersFailed, long copied, long bytes, long alreadyPresent, long flagUpdates,
                      long deleted, long skipped, long reconnects, long throttleWaits, long waitedMillis,
                      long rateLimitedMillis, long altered, long held) {
            this(folders, foldersFailed, copied, bytes, alreadyPresent, flagUpdates, deleted, skipped, reconnects,
                    throttleWaits, waitedMillis, rateLimitedMillis, altered, held, org.mailferry.store.LinkCounts.NONE);
        }

        public Totals(int folders, int foldersFailed, long copied, long bytes, long alreadyPresent, long flagUpdates,
                      long deleted, long skipped, long reconnects, long throttleWaits, long waitedMillis,
                      long rateLimitedMillis, long altered) {
            this(folders, foldersFailed, copied, bytes, alreadyPresent, flagUpdates, deleted, skipped, reconnects,
                    throttleWaits, waitedMillis, rateLimitedMillis, altered, -1);
        }
    }
}
