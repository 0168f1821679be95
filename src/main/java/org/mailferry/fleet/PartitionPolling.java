package org.mailferry.fleet;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.mailferry.job.BatchEngine;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The JobRepository the manager's {@code MessageChannelPartitionHandler} polls each second for
 * finished partitions. Spring Batch's handler loads the whole job execution on every poll, each
 * partition's context read and deserialized: a thousand accounts cost a core's work every second.
 * This one answers with an execution that has no step executions while a single count says
 * partitions still run, and with the real execution once none does; the handler only looks
 * at the step executions' statuses, so its result is the same, one poll later at most.
 */
final class PartitionPolling {

    private static final String RUNNING = """
            SELECT COUNT(*) FROM BATCH_STEP_EXECUTION
             WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE 'account:%'
               AND STATUS IN ('STARTING', 'STARTED', 'STOPPING')""";

    private PartitionPolling() {
    }

    /** The repository to give the handler: {@code engine}'s, with the cheap answer while partitions run. */
    static JobRepository repository(BatchEngine engine) {
        JobRepository real = engine.repository();
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getJobExecution") && args != null && args.length == 1
                            && args[0] instanceof Long id && stillRunning(engine, id)) {
                        return new JobExecution(id, null, new JobParameters());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean stillRunning(BatchEngine engine, long jobExecutionId) {
        Long running = engine.jdbc().queryForObject(RUNNING, Long.class, jobExecutionId);
        return running != null && running > 0;
    }
}
