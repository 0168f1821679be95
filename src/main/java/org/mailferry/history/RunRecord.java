package org.mailferry.history;

import java.time.Instant;
import java.util.List;
import org.mailferry.report.FolderSummary;
import org.mailferry.report.RunSummary;

/**
 * One execution as {@code mailferry jobs} shows it (a table row, {@code jobs show}, or JSON with
 * {@code --json}).
 *
 * @param execution  the execution id ({@code jobs show|restart|abandon ID})
 * @param job        the job file's name, else the verb of a plain command-line run
 * @param type       backup, restore or migrate
 * @param status     Spring Batch's status: COMPLETED, FAILED, STOPPED, STARTED (running, or its
 *                   process died: the next run recovers it), ABANDONED
 * @param outcome    complete, partial, failed, interrupted, running or abandoned
 * @param exitCode   the exit code the run had (README "Exit codes"), null while running or abandoned
 * @param durationMillis from start to end, null while running
 * @param jobFile    the job file the run came from, or null
 * @param arguments  the recorded command line ({@code jobs restart} runs it again), empty if none
 * @param error      the one-line cause when it failed
 * @param totals     counts over the folders (a resumed run includes what the runs it continued committed)
 */
public record RunRecord(long execution, String job, String type, String status, String outcome, Integer exitCode,
                        Instant started, Instant ended, Long durationMillis, String source, String target,
                        String jobFile, List<String> arguments, String error, RunSummary.Totals totals,
                        List<FolderSummary> folders) {
}
