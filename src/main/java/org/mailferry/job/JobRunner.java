package org.mailferry.job;

import java.nio.file.Path;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
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
 * restarted; otherwise the next run starts (incremental, from the sync state in the target).
 * Job parameters: {@code channel} and {@code run.id} identify the instance; {@code source},
 * {@code target}, {@code selection} and the {@link RunOrigin} are descriptive, written afresh by
 * every execution (a restart records who restarted it). No secret is ever a parameter.
 * SIGTERM/SIGINT stop the run gracefully ({@link StopSignals}); after one, nothing starts.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobOperator operator;
    private final Map<String, Job> jobs;
    private final ChannelRegistry registry;
    private final ChannelHistory history;
    private final Path lockDir;

    public JobRunner(JobOperator operator, Map<String, Job> jobs, ChannelRegistry registry, ChannelHistory history,
                     Path lockDir) {
        this.operator = operator;
        this.jobs = jobs;
        this.registry = registry;
        this.history = history;
        this.lockDir = lockDir;
    }

    /** Runs to the end in this thread and returns the execution (see {@link RunSummary}). */
    public JobExecution run(CopyChannel channel) {
        Job job = jobs.get(channel.verb());
        if (job == null) {
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL, "no job named " + channel.verb());
        }
        StopSignals.install();
        registry.register(channel);
        try (ChannelLock lock = ChannelLock.acquire(lockDir, channel.key())) {
            JobExecution last = history.latest(job.getName(), channel.key());
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
                LOG.info("resuming execution {} from its last committed chunks", last.getId());
                // the same identifying parameters restart the instance (Spring Batch's restart)
                return operator.start(job, parameters(channel, lastRunId));
            }
            return operator.start(job, parameters(channel, lastRunId + 1));
        } catch (MailferryException e) {
            throw e;
        } catch (Exception e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL,
                    "cannot start the " + channel.verb() + " job: " + e.getMessage(), e);
        } finally {
            registry.remove(channel.key());
        }
    }

    private static JobParameters parameters(CopyChannel channel, long runId) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString("channel", channel.key())
                .addLong("run.id", runId)
                .addString("source", channel.source().describe(), false)
                .addString("target", channel.target().describe(), false)
                .addString("selection", channel.selection().describe(), false);
        RunOrigin.current().ifPresent(origin -> origin.addTo(builder));
        return builder.toJobParameters();
    }
}
