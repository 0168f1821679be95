package org.mailferry.report;

import java.util.List;

/**
 * The result of a batch migration ({@code migrate --accounts}): one entry per account, in file
 * order, and the batch's outcome and exit code: complete when every account is, failed when
 * every account failed, partial otherwise.
 */
public record AccountsSummary(String outcome, int exitCode, int complete, int partial, int failed,
                              List<Account> accounts) {

    /**
     * One account: its outcome and exit code, the one-line error if it failed, its run summary if
     * it ran, and the worker that ran it ({@code --distributed}; null when it ran in this process).
     */
    public record Account(String source, String target, String outcome, int exitCode, String error, RunSummary run,
                          String worker) {

        public Account(String source, String target, String outcome, int exitCode, String error, RunSummary run) {
            this(source, target, outcome, exitCode, error, run, null);
        }
    }
}
