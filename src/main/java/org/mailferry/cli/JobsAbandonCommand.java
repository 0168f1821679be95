package org.mailferry.cli;

import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.history.RunHistory;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.ChannelLock;
import org.mailferry.job.RunOrigin;
import org.mailferry.schedule.JobLease;
import org.mailferry.schedule.JobLeases;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailferry jobs abandon ID}: gives up a failed, stopped or dead execution, so that the
 * next run of its job starts a new one (incremental from what the target holds) instead of
 * resuming it. An execution still marked running is abandoned only when it is provably dead here:
 * its job's lease is free and no process on this machine holds its channel lock.
 */
@Command(name = "abandon", mixinStandardHelpOptions = true,
        header = "Give up a failed, stopped or dead run: the next run of its job starts afresh.",
        footer = {"", "Examples:", "  mailferry jobs abandon 42"},
        description = {"Give up a failed, stopped or dead run: the next run of its job starts afresh instead of resuming it",
                "(still incremental: it copies what the target lacks). A running run is refused."})
public final class JobsAbandonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The execution id (first column of jobs list).")
    long id;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        try (BatchEngine batch = BatchEngine.start(engine.settings())) {
            JobExecution execution = new RunHistory(batch.jdbc(), batch.repository()).execution(id);
            BatchStatus status = execution.getStatus();
            if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
                throw usage("execution " + id + " is " + status.name().toLowerCase() + ": nothing to abandon");
            }
            String job = execution.getJobParameters().getString(RunOrigin.JOB);
            String channel = execution.getJobParameters().getString("channel");
            try (JobLease lease = job == null ? null : JobLease.acquire(new JobLeases(batch.jdbc()), job, () -> { });
                 ChannelLock lock = ChannelLock.acquire(batch.settings().lockDir(), channel)) {
                if (status.isRunning()) {
                    execution = batch.operator().recover(execution);
                }
                batch.operator().abandon(execution);
            } catch (JobExecutionAlreadyRunningException e) {
                throw usage("execution " + id + " is running and cannot be abandoned: " + e.getMessage());
            }
            var out = spec.commandLine().getOut();
            out.println("execution " + id + " abandoned: the next run of " + (job != null ? "job " + job
                    : execution.getJobInstance().getJobName() + " " + execution.getJobParameters().getString("target"))
                    + " starts afresh");
            out.flush();
            return ExitCode.OK.code();
        }
    }

    private static MailferryException usage(String message) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, message);
    }
}
