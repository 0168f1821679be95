package org.mailferry.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The job executions running in this process, whatever batch engine runs them, so that a signal
 * ({@link StopSignals}) or a lost lease can stop them gracefully: {@link JobOperator#stop} marks
 * an execution STOPPING, each running partition commits its current chunk and ends STOPPED, the
 * execution ends STOPPED and the next run of the same channel restarts it. Stopping returns at
 * once; the thread that runs the job sees it end. Process-wide and thread-safe; each engine adds
 * {@link #listener} to its jobs.
 */
public final class RunningJobs {

    private static final Logger LOG = LoggerFactory.getLogger(RunningJobs.class);
    private static final Map<JobExecution, JobOperator> RUNNING = new ConcurrentHashMap<>();

    private RunningJobs() {
    }

    /** Tracks the executions of one engine's jobs; an execution starting after a stop signal is stopped at once. */
    static JobExecutionListener listener(Supplier<JobOperator> operator) {
        return new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                RUNNING.put(execution, operator.get());
                if (StopSignals.requested()) {
                    stop(execution, operator.get());
                }
            }

            @Override
            public void afterJob(JobExecution execution) {
                RUNNING.remove(execution);
            }
        };
    }

    /** True while some job runs in this process. */
    static boolean any() {
        return !RUNNING.isEmpty();
    }

    /** Asks every running execution to stop; returns how many were asked. */
    public static int stopAll() {
        return stopWhere(p -> true);
    }

    /** Asks the running executions whose parameters match to stop; returns how many were asked. */
    public static int stopWhere(Predicate<JobParameters> which) {
        int n = 0;
        for (Map.Entry<JobExecution, JobOperator> e : RUNNING.entrySet()) {
            if (which.test(e.getKey().getJobParameters())) {
                stop(e.getKey(), e.getValue());
                n++;
            }
        }
        return n;
    }

    private static void stop(JobExecution execution, JobOperator operator) {
        try {
            LOG.info("stopping execution {} at its next chunk boundary", execution.getId());
            operator.stop(execution);
        } catch (JobExecutionNotRunningException e) {
            LOG.debug("execution {} already ended", execution.getId());
        } catch (RuntimeException e) {
            LOG.warn("could not stop execution {}: {}", execution.getId(), e.toString());
        }
    }
}
