package org.mailferry.job;

import java.nio.file.Path;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.Store;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a channel the way a user expects from "the same command again": a killed run (left
 * STARTED) is recovered and restarted from its last committed chunks; a failed or stopped one is
 * restarted (every folder again, with this command's plan: {@link CopyChannel#plan()}); one that
 * cannot be restarted, or failed {@value #MAX_RESUMES} times in a row, is abandoned; otherwise the
 * next run starts (incremental, from the sync state in the target). Each decision is one warning
 * line on stderr.
 * Job parameters: {@code channel} and {@code run.id} identify the instance; {@code source},
 * {@code target}, {@code selection} and the {@link RunOrigin} are descriptive, written afresh by
 * every execution (a restart records who restarted it). No secret is ever a parameter.
 * SIGTERM/SIGINT stop the run gracefully ({@link StopSignals}); after one, nothing starts.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Failed executions in a row after which an instance is abandoned instead of restarted again. */
    static final int MAX_RESUMES = 3;

    private final JobOperator operator;
    private final CopyJobs jobs;
    private final ChannelHistory history;
    private final Path lockDir;
    private final boolean historySaidLost;

    /** {@code historySaidLost}: the engine replaced a damaged job database and said so already. */
    JobRunner(JobOperator operator, CopyJobs jobs, ChannelHistory history, Path lockDir, boolean historySaidLost) {
        this.operator = operator;
        this.jobs = jobs;
        this.history = history;
        this.lockDir = lockDir;
        this.historySaidLost = historySaidLost;
    }

    /** Runs to the end in this thread and returns the execution (see {@link RunSummary}). */
    public JobExecution run(CopyChannel channel) {
        Job job = jobs.of(channel);
        StopSignals.install();
        try (ChannelLock lock = ChannelLock.acquire(lockDir, channel.key())) {
            JobExecution last = history.latest(job.getName(), channel.key());
            if (last == null && !historySaidLost && holdsSyncState(channel.target())) {
                LOG.warn("the job database has no run of this {} (lost, replaced or a new state directory): the"
                        + " archive's own sync state takes over; nothing is copied twice", channel.verb());
            }
            if (last != null && last.getStatus().isRunning()) {
                LOG.info("execution {} was interrupted (process killed); recovering it", last.getId());
                last = operator.recover(last);
            }
            if (StopSignals.requested()) {
                throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                        "stopped by a signal before the " + channel.verb() + " started; run the same command again");
            }
            long lastRunId = last == null ? 0 : last.getJobParameters().getLong("run.id", 0L);
            if (last != null && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)) {
                JobExecution resumed = resume(job, channel, last, lastRunId);
                if (resumed != null) {
                    return resumed;
                }
            }
            return startNew(job, channel, lastRunId + 1);
        } catch (MailferryException e) {
            throw e;
        } catch (Exception e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL,
                    "cannot start the " + channel.verb() + " job: " + e.getMessage(), e);
        }
    }

    /** Whether an archive target was written before (it has a manifest), so run state should exist. */
    private static boolean holdsSyncState(Store target) {
        try {
            return target instanceof ArchiveStore archive && ArchiveManifest.read(archive.root()).isPresent();
        } catch (MailferryException e) {
            return true; // a damaged manifest was written all the same
        }
    }

    /**
     * Restarts the instance of {@code last} (Spring Batch's restart: the same identifying
     * parameters), unless it already failed {@value #MAX_RESUMES} times in a row or cannot be
     * restarted at all: then it is abandoned and {@code null} returned, and a fresh incremental
     * run starts from the sync state in the target. So a rerun never loops on one broken restart.
     */
    private JobExecution resume(Job job, CopyChannel channel, JobExecution last, long runId) {
        int failedInARow = history.failedInARow(last.getJobInstance().getInstanceId());
        if (failedInARow >= MAX_RESUMES) {
            abandon(last, "it failed " + failedInARow + " times in a row");
            return null;
        }
        LOG.warn("resuming execution {} ({}): its committed chunks are kept, this command's options apply and every"
                + " folder is checked again", last.getId(), last.getStatus() == BatchStatus.STOPPED ? "stopped"
                : "failed or interrupted");
        try {
            return operator.start(job, parameters(channel, runId));
        } catch (MailferryException e) {
            throw e;
        } catch (Exception e) {
            abandon(last, "it cannot be restarted (" + e.getMessage() + ")");
            return null;
        }
    }

    private void abandon(JobExecution last, String why) {
        LOG.warn("execution {} abandoned: {}; starting a fresh incremental run from the target's sync state",
                last.getId(), why);
        try {
            operator.abandon(last);
        } catch (Exception e) {
            LOG.debug("cannot mark execution {} abandoned: {}", last.getId(), e.toString());
        }
    }

    /**
     * Starts a new instance. A process killed between creating an instance and its first execution
     * leaves an instance without executions, which Spring Batch refuses to run again ("Cannot find
     * any job execution for job instance"): that run number is passed over.
     */
    private JobExecution startNew(Job job, CopyChannel channel, long runId) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return operator.start(job, parameters(channel, runId + attempt));
            } catch (IllegalStateException e) {
                if (attempt >= 10 || e.getMessage() == null || !e.getMessage().contains("Cannot find any job execution")) {
                    throw e;
                }
                LOG.info("run {} of this channel was left without an execution by a killed process; skipping it",
                        runId + attempt);
            }
        }
    }

    private static JobParameters parameters(CopyChannel channel, long runId) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString("channel", channel.key())
                .addLong("run.id", runId)
                .addString("source", channel.source().describe(), false)
                .addString("target", channel.target().describe(), false)
                .addString("selection", channel.selection().describe(), false);
        if (channel.origin() != null) {
            channel.origin().addTo(builder);
        }
        return builder.toJobParameters();
    }
}
