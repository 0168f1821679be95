package org.mailferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.history.RunHistory;
import org.mailferry.jobfile.JobFile;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.RunOrigin;
import org.mailferry.schedule.JobLease;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailferry jobs restart ID}: runs a failed, stopped or killed execution's job file again,
 * which resumes it from its last committed chunks. Nothing that runs or names a secret is taken
 * from the job database: the job file is read afresh (and must be owned by this user or root and
 * not writable by others); a command-line run is resumed by running its command again.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        header = "Resume a failed, stopped or killed run of a job file from its last committed chunks.",
        footer = {"", "Examples:", "  mailferry jobs restart 42"},
        description = {"Resume a failed, stopped or killed run of a job file: reads the job file again and runs it,",
                "which continues from the last committed chunks. A command-line run: run its command again."})
public final class JobsRestartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The execution id (first column of jobs list).")
    long id;

    @Option(names = "--json", description = "Print the summary as JSON on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        try (BatchEngine batch = BatchEngine.start(engine.settings())) {
            RunHistory history = new RunHistory(batch.jdbc(), batch.repository());
            JobExecution execution = history.execution(id);
            RunOrigin origin = restartable(execution, history);
            List<String> output = new ArrayList<>();
            if (json) {
                output.add("--json");
            }
            if (noProgress) {
                output.add("--no-progress");
            }
            JobLaunch launch = new JobLaunch(batch, engine);
            try (JobLease lease = launch.lease(origin)) {
                return launch.run(origin, output, spec.commandLine().getOut(), spec.commandLine().getErr()).exitCode();
            }
        }
    }

    /** The origin to run again, or a usage error saying why this execution cannot be restarted. */
    private RunOrigin restartable(JobExecution execution, RunHistory history) {
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            throw usage("execution " + id + " completed: nothing to resume (run the job again for a new incremental run)");
        }
        if (status == BatchStatus.ABANDONED) {
            throw usage("execution " + id + " was abandoned: run the job again for a fresh run");
        }
        history.laterInSameInstance(execution).stream().reduce((a, b) -> b).ifPresent(later -> {
            throw usage("execution " + id + " was already resumed by execution " + later.getId() + " ("
                    + later.getStatus() + "); restart that one");
        });
        RunOrigin recorded = RunOrigin.of(execution.getJobParameters()).orElse(null);
        if (recorded == null || recorded.jobFile() == null) {
            throw usage("execution " + id + " was started from a command line; the job database keeps no secret source"
                    + " and is not trusted to supply one: run that command again, with its password or OAuth options ("
                    + execution.getJobInstance().getJobName() + " " + execution.getJobParameters().getString("source")
                    + " -> " + execution.getJobParameters().getString("target") + "), to resume it");
        }
        String name = recorded.jobFile().getFileName() == null ? "" : recorded.jobFile().getFileName().toString();
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw usage("execution " + id + " names " + recorded.jobFile() + " as its job file, which is not a .yaml"
                    + " file: not read; run the job file with mailferry run");
        }
        java.nio.file.Path trusted = TrustedJobFile.require(recorded.jobFile());
        JobFile job;
        try {
            job = JobCommandLine.load(trusted);
        } catch (MailferryException e) {
            // the path comes from the job database: say nothing of what the file holds
            throw usage("execution " + id + " names " + recorded.jobFile() + " as its job file, which is not a job file"
                    + " mailferry can run now; check it with mailferry run " + recorded.jobFile());
        }
        if (!job.name().equals(recorded.jobName())) {
            throw usage("execution " + id + " ran job " + recorded.jobName() + ", but " + recorded.jobFile()
                    + " now names job " + job.name() + ": run the job file with mailferry run");
        }
        return JobLaunch.originOf(job);
    }

    private static MailferryException usage(String message) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, message);
    }
}
