package org.mailferry.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.RunOrigin;
import org.mailferry.job.StopSignals;
import org.mailferry.jobfile.JobFile;
import org.mailferry.metrics.MetricsHttpServer;
import org.mailferry.metrics.RunMetrics;
import org.mailferry.schedule.JobLease;
import org.mailferry.schedule.RunLog;
import org.mailferry.schedule.Scheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailferry schedule DIR}: the long-running process that runs every job file of DIR on its
 * cron schedule ({@link Scheduler}), each run through {@link JobLaunch} (so under the job's lease),
 * until SIGTERM or SIGINT: then nothing new starts, running jobs stop at their next chunk boundary
 * (STOPPED, resumed by their next run) and the command exits 0.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Run every job file of DIR on its schedule until stopped (SIGTERM, Ctrl-C).",
                "A job never runs twice at once, also across schedulers sharing a --job-db. One log line per run start and end",
                "on stderr. On SIGTERM running jobs commit their current chunk and stop; their next run resumes them."},
        footer = {"", "Examples:", "  mailferry schedule /etc/mailferry/jobs",
                "  mailferry schedule jobs/ --parallel 4 --metrics-port 9465 --job-db jdbc:postgresql://db/mailferry --job-db-user mf --job-db-password-file /etc/mailferry/db.pass",
                "", "Schedules are evaluated in this process's time zone (TZ). Job files are read once, at start."})
public final class ScheduleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory of job files (*.yaml, *.yml).")
    Path dir;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N", description = "Jobs run at once at most (default: ${DEFAULT-VALUE}); each uses its own connections and up to 32 MiB of memory for messages in flight.")
    int parallel;

    @Mixin
    MetricsServerOptions metrics;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw usage("--parallel must be at least 1");
        }
        List<JobFile> all = JobCommandLine.loadDirectory(dir);
        List<JobFile> scheduled = all.stream().filter(j -> j.schedule().isPresent()).toList();
        PrintWriter err = spec.commandLine().getErr();
        RunLog log = new RunLog(err);
        all.stream().filter(j -> j.schedule().isEmpty())
                .forEach(j -> log.notStarted(j, "no schedule in " + j.file() + " (run it with mailferry run)"));
        if (scheduled.isEmpty()) {
            throw usage("no job file in " + dir + " has a schedule");
        }
        StopSignals.install();
        PrometheusMeterRegistry registry = metrics.enable();
        try (BatchEngine batch = BatchEngine.start(engine.settings());
             MetricsHttpServer http = metrics.serve(registry, log::note)) {
            JobLaunch launch = new JobLaunch(batch, engine);
            Scheduler scheduler = new Scheduler(scheduled, parallel, job -> runScheduled(job, launch, log, err), log,
                    ZoneId.systemDefault());
            try (AutoCloseable stopHook = StopSignals.onStop(() -> {
                log.note("stop requested: starting nothing new, stopping running jobs at their next chunk boundary");
                scheduler.stop();
            })) {
                scheduler.start();
                scheduler.awaitTermination();
            }
        }
        log.note("schedule stopped");
        return ExitCode.OK.code();
    }

    /** One scheduled run: logged at start and end; a run another process holds is logged as not started. */
    private static void runScheduled(JobFile job, JobLaunch launch, RunLog log, PrintWriter err) {
        long t0 = System.nanoTime();
        RunOrigin origin = JobLaunch.originOf(job);
        try (JobLease lease = launch.lease(origin);
             PrintWriter jobErr = new PrintWriter(new PrefixedLineWriter(err, job.name() + ": "))) {
            log.started(job);
            JobLaunch.Result r = launch.run(origin, List.of("--no-progress"), new PrintWriter(Writer.nullWriter()), jobErr);
            RunMetrics.record(job.name(), r.exitCode(), r.run().orElse(null));
            log.ended(job, r.exitCode(), r.run().orElse(null), Duration.ofNanos(System.nanoTime() - t0));
        } catch (MailferryException e) {
            if (e.exitCode() == ExitCode.BUSY) {
                log.notStarted(job, e.getMessage());
            } else {
                RunMetrics.record(job.name(), e.exitCode().code(), null);
                log.ended(job, e.exitCode().code(), null, Duration.ofNanos(System.nanoTime() - t0));
            }
        }
    }

    private static MailferryException usage(String message) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, message);
    }
}
