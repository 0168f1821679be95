package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailferry.auth.AuthChoice;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.fleet.FleetRun;
import org.mailferry.fleet.PlanSignature;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.EngineSettings;
import org.mailferry.job.ProgressListener;
import org.mailferry.notify.ReportMailer;
import org.mailferry.report.AccountsSummary;
import org.mailferry.report.RunSummary;
import org.mailferry.run.AccountsRun;
import org.mailferry.run.CopyPlan;
import org.mailferry.run.CopyRequest;
import org.mailferry.run.CopyRun;
import org.mailferry.run.DryRunPlanner;
import org.mailferry.run.DryRunPlanner.FolderPlan;
import org.mailferry.run.Launch;
import org.mailferry.store.MessageFilter;
import org.mailferry.util.DisplayWidth;
import org.mailferry.util.JsonDocument;

/**
 * The command line's side of a run: chooses how progress is shown, hands the request to the
 * {@code run} layer, prints the summary (text or JSON), mails it when asked and returns the exit
 * code.
 */
final class RunPresenter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunPresenter.class);

    private RunPresenter() {
    }

    /** One backup, restore or migrate. */
    static int copy(CopyRequest r, Optional<ReportMailer> mailer, Launch launch, PrintWriter out, PrintWriter err) {
        return copy(r, MessageFilter.ALL, mailer, launch, out, err);
    }

    /** One restore of only the messages {@code filter} takes. */
    static int copy(CopyRequest r, MessageFilter filter, Optional<ReportMailer> mailer, Launch launch,
                    PrintWriter out, PrintWriter err) {
        ProgressListener progress = LoggingMixin.quiet() ? ProgressListener.NONE
                : r.progress() && !r.json() && System.console() != null
                ? new TerminalProgress(r.verb()) : new LogLineProgress(err, 10_000);
        RunSummary summary;
        try {
            summary = CopyRun.execute(r, filter, progress,
                    LoggingMixin.quiet() ? new PrintWriter(java.io.Writer.nullWriter()) : err, launch);
        } finally {
            if (progress instanceof TerminalProgress t) {
                t.close();
            }
        }
        SummaryPrinter.print(summary, r.json(), out);
        LOG.info("{} {} (execution {}): {} copied, {} skipped, {} MB, exit code {}{}", summary.job(), summary.outcome(),
                summary.executionId(), summary.totals().copied(), summary.totals().skipped(),
                String.format(java.util.Locale.ROOT, "%.1f", summary.totals().bytes() / 1e6), summary.exitCode(),
                summary.error() == null ? "" : ": " + summary.error());
        mailer.ifPresent(m -> m.send(summary));
        if (summary.error() != null) {
            err.println("mailferry: " + summary.error());
            err.flush();
        }
        return summary.exitCode();
    }

    /** Every account of {@code migrate --accounts}, then the batch summary. */
    static int accounts(List<CopyRequest> requests, int parallel, int perHostLimit, Optional<ReportMailer> mailer,
                        Launch launch, boolean json, PrintWriter out, PrintWriter err) {
        AccountsSummary s = AccountsRun.execute(requests, parallel, perHostLimit, mailer,
                LoggingMixin.quiet() ? ProgressListener.NONE : new LogLineProgress(err, 10_000), launch);
        return printAccounts(requests.get(0).verb(), s, json, out);
    }

    /**
     * {@code --distributed}: the accounts' plans run on the fleet's workers, at most
     * {@code perHost} connections per server for the whole fleet (0: no cap); the manager waits,
     * prints the progress on {@code err} and the batch summary, each account with its worker.
     */
    static int fleet(String verb, List<CopyPlan> plans, int perHost, FleetOptions fleet, EngineSettings settings,
                     boolean json, PrintWriter out, PrintWriter err) {
        plans.forEach(RunPresenter::refuseCommands);
        PlanSignature signature = PlanSignature.createOrLoad(fleet.keyFile(settings.stateDir()));
        AccountsSummary s;
        try (BatchEngine engine = BatchEngine.start(settings)) {
            s = FleetRun.execute(verb, plans, perHost, engine, signature,
                    LoggingMixin.quiet() ? new PrintWriter(java.io.Writer.nullWriter()) : err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                    "interrupted; run the same command again to resume the fleet run", e);
        }
        return printAccounts(verb, s, json, out);
    }

    /** A worker runs no command that came through the job database, even sealed: only files and variables travel. */
    private static void refuseCommands(CopyPlan plan) {
        for (CopyPlan.Side side : List.of(plan.source(), plan.target())) {
            AuthChoice a = side.auth();
            if (a != null && (a.passwordCommand() != null || a.tokenCommand() != null)) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "with --distributed, " + side.uri()
                        + ": a worker runs no command that comes through the job database; give a file (--password-file,"
                        + " file:PATH) or a variable (--password-env, env:VAR) each worker has, or the worker's own --accounts file");
            }
        }
    }

    static int printAccounts(String verb, AccountsSummary s, boolean json, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.of(s));
        } else {
            for (AccountsSummary.Account a : s.accounts()) {
                RunSummary r = a.run();
                out.printf("%-9s %s -> %s%s%s%n", a.outcome(), a.source(), a.target(),
                        r == null ? "" : String.format(" (%d copied, %d skipped, %.1f MB)", r.totals().copied(),
                                r.totals().skipped(), r.totals().bytes() / 1e6),
                        a.worker() == null ? "" : " on " + a.worker());
                if (a.error() != null) {
                    out.println("          " + a.error());
                }
            }
            out.printf("%s %s: %d complete, %d partial, %d failed (exit code %d)%n", verb, s.outcome(), s.complete(),
                    s.partial(), s.failed(), s.exitCode());
        }
        out.flush();
        return s.exitCode();
    }

    /** {@code --dry-run}: the plan, nothing changed. */
    static int dryRun(CopyRequest r, PrintWriter out) {
        return dryRun(r, MessageFilter.ALL, out);
    }

    static int dryRun(CopyRequest r, MessageFilter filter, PrintWriter out) {
        List<FolderPlan> plan = DryRunPlanner.plan(r, filter);
        if (r.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", true);
            doc.put("folders", plan);
            doc.put("totals", Map.of("folders", plan.size(), "messages", plan.stream().mapToLong(FolderPlan::messages).sum(),
                    "bytes", plan.stream().mapToLong(FolderPlan::bytes).sum()));
            out.println(JsonDocument.of(doc));
        } else {
            int w = Math.max(6, plan.stream().mapToInt(p -> DisplayWidth.of(p.source())).max().orElse(6));
            int tw = Math.max(30, plan.stream().mapToInt(p -> DisplayWidth.of(p.target()) + (p.create() ? 6 : 0)).max()
                    .orElse(30));
            out.println(DisplayWidth.padRight("folder", w) + "  " + DisplayWidth.padRight("target", tw)
                    + String.format(" %9s %10s", "messages", "MB"));
            long messages = 0;
            long bytes = 0;
            for (FolderPlan p : plan) {
                out.println(DisplayWidth.padRight(p.source(), w) + "  "
                        + DisplayWidth.padRight(p.target() + (p.create() ? " (new)" : ""), tw)
                        + String.format(" %9d %10.1f", p.messages(), p.bytes() / 1e6));
                messages += p.messages();
                bytes += p.bytes();
            }
            out.println(DisplayWidth.padRight("total", w) + "  " + DisplayWidth.padRight(plan.size() + " folders", tw)
                    + String.format(" %9d %10.1f", messages, bytes / 1e6));
            plan.forEach(p -> p.notes().forEach(n -> out.println("note: " + p.source() + ": " + n)));
            out.println("dry run: nothing was changed");
        }
        out.flush();
        return 0;
    }
}
