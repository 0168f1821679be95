package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailferry.history.RunHistory;
import org.mailferry.history.RunRecord;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.RunOrigin;
import org.mailferry.job.RunningJobs;
import org.mailferry.jobfile.JobFile;
import org.mailferry.schedule.JobLease;
import org.mailferry.schedule.JobLeases;
import org.mailferry.run.Launch;
import picocli.CommandLine;
import org.springframework.batch.core.job.JobExecution;

/**
 * Runs a job's command line in this process as {@code mailferry VERB ARGS} would (same parsing,
 * validation, resumption and exit codes), but in the caller's engine (one Spring context for every
 * run of a process) and with its {@link RunOrigin} recorded, then finds the execution the run created; callers hold the job's {@link #lease} around it (one
 * run of a job at a time, also across machines sharing the job database; a lost lease stops the
 * run). Shared by {@code run}, {@code jobs restart} and {@code schedule}. Runs on the caller's
 * thread; thread-safe.
 */
final class JobLaunch {

    /** How a run ended: its exit code and, when it created an execution, its record. */
    record Result(int exitCode, Optional<RunRecord> run) {
    }

    private final BatchEngine engine;
    private final List<String> engineArguments;

    /**
     * @param engine the caller's engine (leases and history)
     * @param engineOptions the caller's state and job database options, passed on to the verb
     */
    JobLaunch(BatchEngine engine, EngineOptions engineOptions) {
        this.engine = engine;
        this.engineArguments = engineArguments(engineOptions);
    }

    /** The origin of a run of {@code job}: its name, file and command line. */
    static RunOrigin originOf(JobFile job) {
        return new RunOrigin(job.name(), job.file(), job.commandLine());
    }

    /**
     * Takes the lease of {@code origin}'s job (null for a run without a job name), failing with exit
     * code 15 when another process runs it. Hold it around {@link #run}; losing it stops the run.
     */
    JobLease lease(RunOrigin origin) {
        String job = origin.jobName();
        return job == null ? null : JobLease.acquire(new JobLeases(engine.jdbc()), job,
                () -> RunningJobs.stopWhere(p -> job.equals(p.getString(RunOrigin.JOB))));
    }

    /** Runs {@code origin}'s arguments followed by {@code outputOptions} ({@code --json}, {@code --no-progress}). */
    Result run(RunOrigin origin, List<String> outputOptions, PrintWriter out, PrintWriter err) {
        RunHistory history = new RunHistory(engine.jdbc(), engine.repository());
        String job = origin.jobName();
        long before = job == null ? 0 : history.latestOf(job).map(JobExecution::getId).orElse(0L);
        List<String> args = new ArrayList<>(origin.arguments());
        args.addAll(outputOptions);
        args.addAll(engineArguments);
        CommandLine cl = Main.commandLine(out, err);
        CommandLine verb = cl.getSubcommands().get(args.get(0));
        if (verb != null && verb.getCommand() instanceof LaunchableCommand c) {
            c.launchIn(new Launch(engine, origin));
        }
        int code = cl.execute(args.toArray(String[]::new));
        Optional<RunRecord> run = job == null ? Optional.empty()
                : history.latestOf(job).filter(e -> e.getId() > before).map(history::record);
        return new Result(code, run);
    }

    /** The caller's {@code --state-dir} (always, made absolute) and job database options, as the verb takes them. */
    private static List<String> engineArguments(EngineOptions o) {
        List<String> args = new ArrayList<>(List.of("--state-dir=" + o.stateDir()));
        if (o.jobDb != null) {
            args.add("--job-db=" + o.jobDb);
        }
        if (o.jobDbUser != null) {
            args.add("--job-db-user=" + o.jobDbUser);
        }
        if (o.jobDbPasswordEnv != null) {
            args.add("--job-db-password-env=" + o.jobDbPasswordEnv);
        }
        if (o.jobDbPasswordFile != null) {
            args.add("--job-db-password-file=" + o.jobDbPasswordFile.toAbsolutePath());
        }
        return args;
    }
}
