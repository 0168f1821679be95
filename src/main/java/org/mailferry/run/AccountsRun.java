package org.mailferry.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.ProgressListener;
import org.mailferry.notify.ReportMailer;
import org.mailferry.report.AccountsSummary;
import org.mailferry.report.RunSummary;

/**
 * A batch migration: every account is its own job (its own channel, resumable on its own),
 * {@code parallel} at a time in one process sharing the job database, the in-memory budget and
 * a per-host connection cap. A failing account is reported and never stops the others.
 */
public final class AccountsRun {

    private AccountsRun() {
    }

    /** Runs every account, mails each account's summary when asked, returns the batch summary. */
    public static AccountsSummary execute(List<CopyRequest> requests, int parallel, int perHostLimit,
                                          Optional<ReportMailer> mailer, ProgressListener progress, Launch launch) {
        HostConnectionLimit hostLimit = new HostConnectionLimit(perHostLimit);
        try (RunSpool spool = RunSpool.forThisProcess(requests.get(0).engine())) {
            return summarize(launch.inEngine(requests.get(0).engine(),
                    engine -> runAll(requests, parallel, engine, spool, hostLimit, mailer, progress, launch)));
        }
    }

    private static List<AccountsSummary.Account> runAll(List<CopyRequest> requests, int parallel, BatchEngine engine,
                                                        RunSpool spool, HostConnectionLimit hostLimit,
                                                        Optional<ReportMailer> mailer, ProgressListener progress,
                                                        Launch launch) {
        List<AccountsSummary.Account> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "account");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<AccountsSummary.Account>> running = new ArrayList<>();
            for (CopyRequest r : requests) {
                running.add(pool.submit(() -> {
                    AccountsSummary.Account a = runOne(r, engine, spool, hostLimit, progress, launch);
                    if (a.run() != null) {
                        mailer.ifPresent(m -> m.send(a.run()));
                    }
                    return a;
                }));
            }
            for (Future<AccountsSummary.Account> f : running) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                    "interrupted; run the same command again to resume every account", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private static AccountsSummary.Account runOne(CopyRequest r, BatchEngine engine, RunSpool spool,
                                                  HostConnectionLimit hostLimit, ProgressListener progress,
                                                  Launch launch) {
        String source = r.source().describe();
        String target = r.target().describe();
        try {
            RunSummary s = CopyRun.run(r, engine, spool.factory(r, hostLimit), progress, launch);
            return new AccountsSummary.Account(source, target, s.outcome(), s.exitCode(), s.error(), s);
        } catch (MailferryException e) {
            return new AccountsSummary.Account(source, target, "failed", e.exitCode().code(), e.getMessage(), null);
        }
    }

    /** The batch's outcome: complete, failed (exit code of the first failure) or partial (exit 3). */
    public static AccountsSummary summarize(List<AccountsSummary.Account> results) {
        int complete = 0;
        int partial = 0;
        int failed = 0;
        int firstFailure = 0;
        for (AccountsSummary.Account a : results) {
            switch (a.outcome()) {
                case "complete" -> complete++;
                case "partial" -> partial++;
                default -> {
                    failed++;
                    firstFailure = firstFailure == 0 ? a.exitCode() : firstFailure;
                }
            }
        }
        String outcome = complete == results.size() ? "complete" : failed == results.size() ? "failed" : "partial";
        int code = outcome.equals("complete") ? ExitCode.OK.code()
                : outcome.equals("failed") ? firstFailure : ExitCode.PARTIAL.code();
        return new AccountsSummary(outcome, code, complete, partial, failed, results);
    }
}
