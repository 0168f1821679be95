package org.mailferry.schedule;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.mailferry.error.ExitCode;
import org.mailferry.history.RunRecord;
import org.mailferry.jobfile.JobFile;
import org.mailferry.util.SafeText;
import org.mailferry.util.SecretMask;

/**
 * The scheduler's log: one line when a run starts, one when it ends with its outcome, one for a
 * run not started, each led by the UTC time and the job's name, so that {@code journalctl} or a
 * log file answers "did last night's backup work?" at a glance. Each line is escaped and masked
 * ({@link SafeText}, {@link SecretMask}): a server message can never forge a second line. Thread-safe.
 */
public final class RunLog {

    private final PrintWriter out;

    public RunLog(PrintWriter out) {
        this.out = out;
    }

    public void scheduled(JobFile job, ZonedDateTime next) {
        line(job.name(), "scheduled \"" + job.schedule().map(Object::toString).orElse("") + "\", next run "
                + next.toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS));
    }

    public void started(JobFile job) {
        line(job.name(), "started: " + job.type().verb() + " " + job.source() + " -> " + job.target());
    }

    /** The end of a run: its record when it created an execution, else only the exit code (and the error printed before). */
    public void ended(JobFile job, int exitCode, RunRecord run, Duration took) {
        StringBuilder b = new StringBuilder();
        b.append(run != null ? run.outcome() : exitCode == 0 ? "complete" : "failed");
        b.append(" in ").append(format(took)).append(", exit code ").append(exitCode);
        if (run != null) {
            b.append(" (execution ").append(run.execution()).append(", ").append(run.totals().copied()).append(" copied, ")
                    .append(String.format("%.1f MB", run.totals().bytes() / 1e6));
            if (run.totals().skipped() > 0) {
                b.append(", ").append(run.totals().skipped()).append(" skipped");
            }
            if (run.totals().foldersFailed() > 0) {
                b.append(", ").append(run.totals().foldersFailed()).append(" folders failed");
            }
            b.append(")");
            if (run.error() != null) {
                b.append(": ").append(run.error());
            }
        } else if (exitCode != 0) {
            b.append(": ").append(meaning(exitCode));
        }
        line(job.name(), b.toString());
    }

    public void notStarted(JobFile job, String why) {
        line(job.name(), "not started: " + why);
    }

    public void note(String message) {
        synchronized (out) {
            out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + SecretMask.text(SafeText.escape(message)));
            out.flush();
        }
    }

    private void line(String job, String message) {
        note(job + ": " + message);
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format("%.1f s", d.toMillis() / 1000.0);
        }
        return s < 3600 ? (s / 60) + "m " + (s % 60) + "s" : (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }

    private static String meaning(int exitCode) {
        return Arrays.stream(ExitCode.values()).filter(c -> c.code() == exitCode).map(ExitCode::meaning).findFirst()
                .orElse("exit code " + exitCode);
    }
}
