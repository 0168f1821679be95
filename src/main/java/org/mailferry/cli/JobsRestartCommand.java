package org.mailferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.history.RunHistory;
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
 * {@code mailferry jobs restart ID}: runs a failed, stopped or killed execution's recorded command
 * line again ({@link RunOrigin}), which resumes it from its last committed chunks.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        header = "Resume a failed, stopped or killed run from its last committed chunks.",
        footer = {"", "Examples:", "  mailferry jobs restart 42"},
        description = {"Resume a failed, stopped or killed run: runs its recorded command line again (the job file's",
                "options as they were then), which continues from the last committed chunks."})
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
        return RunOrigin.of(execution.getJobParameters()).filter(o -> !o.arguments().isEmpty()).orElseThrow(() ->
                usage("execution " + id + " was started from a command line whose arguments were not recorded:"
                        + " run that command again (" + execution.getJobInstance().getJobName() + " "
                        + execution.getJobParameters().getString("source") + " -> "
                        + execution.getJobParameters().getString("target") + ") to resume it"));
    }

    private static MailferryException usage(String message) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, message);
    }
}
