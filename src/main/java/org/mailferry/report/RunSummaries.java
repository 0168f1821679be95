package org.mailferry.report;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.job.PartitionContext;
import org.mailferry.job.PartitionFolder;
import org.mailferry.util.SafeText;
import org.mailferry.util.SecretMask;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Builds a {@link RunSummary} from the job repository, and decides the outcome and exit code. The
 * folders are those of the execution itself: a resumed execution passes over every folder again
 * and counts what it did, so each execution's summary (and {@code jobs list/show}) says what that
 * execution did and stays what it was.
 * Folder names, notes and errors come from servers and archives: they are escaped here
 * ({@link SafeText}), so every printer of a summary (table, JSON, e-mail, report file) is safe.
 */
public final class RunSummaries {

    private static final String WORKER_PREFIX = "folder:";

    private RunSummaries() {
    }

    /** The summary of {@code execution} with what earlier executions of the same run copied (for printing). */
    public static RunSummary of(JobExecution execution, JobRepository repository) {
        RunSummary s = of(execution);
        RunSummary.EarlierAttempts earlier = earlier(execution, repository);
        return new RunSummary(s.job(), s.executionId(), s.instanceRun(), s.source(), s.target(), s.outcome(),
                s.exitCode(), s.error(), s.started(), s.ended(), s.folders(), s.totals(), earlier);
    }

    /** The summary of {@code execution} alone: its own counts, no look at earlier executions. */
    public static RunSummary of(JobExecution execution) {
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        for (StepExecution se : execution.getStepExecutions()) {
            if (se.getStepName().startsWith(WORKER_PREFIX)) {
                latest.put(se.getStepName(), se);
            }
        }
        List<FolderSummary> folders = new ArrayList<>();
        for (StepExecution se : latest.values()) {
            folders.add(folder(se));
        }
        folders.sort(Comparator.comparing(FolderSummary::folder));
        RunSummary.Totals totals = totals(folders);
        MailferryException failure = firstFailure(execution);
        ExitCode code = exitCode(execution, failure, totals);
        String error = failure != null ? failure.getMessage() : code == ExitCode.INTERNAL ? firstLine(execution) : null;
        return new RunSummary(execution.getJobInstance().getJobName(), execution.getId(),
                execution.getJobParameters().getLong("run.id", 0L),
                execution.getJobParameters().getString("source"), execution.getJobParameters().getString("target"),
                outcome(code), code.code(), error,
                execution.getStartTime() == null ? null : execution.getStartTime().toInstant(ZoneOffset.UTC),
                execution.getEndTime() == null ? null : execution.getEndTime().toInstant(ZoneOffset.UTC),
                folders, totals);
    }

    /** What the executions of the same instance before {@code execution} copied (their own tallies). */
    private static RunSummary.EarlierAttempts earlier(JobExecution execution, JobRepository repository) {
        if (execution.getJobInstance() == null) {
            return RunSummary.EarlierAttempts.NONE;
        }
        int executions = 0;
        long copied = 0;
        long bytes = 0;
        for (JobExecution e : repository.getJobExecutions(execution.getJobInstance())) {
            if (e.getId() >= execution.getId()) {
                continue;
            }
            executions++;
            for (StepExecution se : e.getStepExecutions()) {
                if (se.getStepName().startsWith(WORKER_PREFIX)) {
                    PartitionContext.Tally t = PartitionContext.tally(se.getExecutionContext());
                    copied += t.copied();
                    bytes += t.bytes();
                }
            }
        }
        return new RunSummary.EarlierAttempts(executions, copied, bytes);
    }

    private static FolderSummary folder(StepExecution se) {
        ExecutionContext ec = se.getExecutionContext();
        String folder = se.getStepName().substring(WORKER_PREFIX.length());
        String target = folder;
        java.util.Optional<PartitionFolder> plan = PartitionContext.plan(ec);
        if (plan.isPresent()) {
            folder = plan.get().source().path().display();
            target = plan.get().targetPath().display();
        }
        String error = null;
        if (se.getStatus() != BatchStatus.COMPLETED && se.getStatus() != BatchStatus.STOPPED) {
            MailferryException m = mailferryCause(se.getFailureExceptions());
            error = m != null ? m.getMessage() : firstLine(se.getExitStatus().getExitDescription());
        }
        PartitionContext.Tally t = PartitionContext.tally(ec);
        PartitionContext.Retries r = PartitionContext.retries(ec);
        return new FolderSummary(SafeText.escape(folder), SafeText.escape(target), se.getStatus().name().toLowerCase(),
                t.copied(), t.bytes(), t.alreadyPresent(), t.flagUpdates(), t.deleted(), t.skipped(),
                escaped(t.skippedMessages()), escaped(t.notes()), r.reconnects(), r.throttleWaits(), r.waitedMillis(),
                t.limitedMillis(), error, t.anomalies(), t.altered(), escaped(t.alteredMessages()),
                t.excluded(), PartitionContext.held(ec), PartitionContext.links(ec));
    }

    private static RunSummary.Totals totals(List<FolderSummary> folders) {
        int failed = 0;
        long copied = 0, bytes = 0, present = 0, flags = 0, deleted = 0, skipped = 0, reconnects = 0, throttles = 0;
        long waited = 0, limited = 0, altered = 0, held = -1;
        org.mailferry.store.LinkCounts links = org.mailferry.store.LinkCounts.NONE;
        for (FolderSummary f : folders) {
            failed += "completed".equals(f.status()) || "stopped".equals(f.status()) ? 0 : 1;
            copied += f.copied();
            bytes += f.bytes();
            present += f.alreadyPresent();
            flags += f.flagUpdates();
            deleted += f.deleted();
            waited += f.waitedMillis();
            limited += f.rateLimitedMillis();
            skipped += f.skipped();
            reconnects += f.reconnects();
            throttles += f.throttleWaits();
            altered += f.altered();
            links = links.plus(f.links());
            held = f.held() < 0 ? held : Math.max(0, held) + f.held();
        }
        return new RunSummary.Totals(folders.size(), failed, copied, bytes, present, flags, deleted, skipped, reconnects,
                throttles, waited, limited, altered, held, links);
    }

    private static ExitCode exitCode(JobExecution execution, MailferryException failure, RunSummary.Totals totals) {
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            return totals.skipped() > 0 || totals.altered() > 0 ? ExitCode.PARTIAL : ExitCode.OK;
        }
        if (status == BatchStatus.STOPPED) {
            return ExitCode.INTERRUPTED;
        }
        if (failure != null && failure.scope() != FailureScope.FOLDER && failure.scope() != FailureScope.MESSAGE) {
            return failure.exitCode();
        }
        if (failure != null && failure.exitCode() == ExitCode.ARCHIVE) {
            return ExitCode.ARCHIVE; // a folder refused for what the archive holds (a link): the others went on
        }
        if (failure != null || totals.foldersFailed() > 0) {
            return ExitCode.PARTIAL;
        }
        return ExitCode.INTERNAL;
    }

    private static String outcome(ExitCode code) {
        return switch (code) {
            case OK -> "complete";
            case PARTIAL -> "partial";
            case INTERRUPTED -> "interrupted";
            default -> "failed";
        };
    }

    /** The most severe mailferry failure of the run: store scope first, then folder scope. */
    private static MailferryException firstFailure(JobExecution execution) {
        MailferryException best = null;
        for (Throwable t : execution.getAllFailureExceptions()) {
            MailferryException m = mailferryCause(List.of(t));
            if (m != null && (best == null || rank(m) < rank(best))) {
                best = m;
            }
        }
        return best;
    }

    private static int rank(MailferryException m) {
        return switch (m.scope()) {
            case STORE -> 0;
            case CONNECTION -> 1;
            case FOLDER -> 2;
            case MESSAGE -> 3;
        };
    }

    private static MailferryException mailferryCause(List<Throwable> failures) {
        for (Throwable t : failures) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof MailferryException m) {
                    return m;
                }
            }
        }
        return null;
    }

    private static String firstLine(JobExecution execution) {
        for (Throwable t : execution.getAllFailureExceptions()) {
            Throwable root = t;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + SecretMask.text(SafeText.escape(root.getMessage()));
        }
        return firstLine(execution.getExitStatus().getExitDescription());
    }

    /**
     * The first line of a recorded exit description (Spring Batch stores a stack trace), told as
     * the user was told: a MailferryException's message alone, another exception by its simple name.
     */
    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl))
                .replaceFirst("^org\\.mailferry\\.error\\.MailferryException: ", "")
                .replaceFirst("^(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*: )", "$1");
        return SecretMask.text(SafeText.escape(line));
    }

    private static List<String> escaped(List<String> lines) {
        return lines.stream().map(SafeText::escape).toList();
    }
}
