package org.mailferry.job;

import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the latest execution of a channel in the job repository. Spring Batch's API can only
 * page through all instances of a job name; this asks the documented schema directly
 * ({@code BATCH_JOB_EXECUTION_PARAMS}), one indexed query whatever the history's length.
 */
public final class ChannelHistory {

    private static final String LATEST = """
            SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E
              JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID
              JOIN BATCH_JOB_EXECUTION_PARAMS P ON P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID
             WHERE I.JOB_NAME = ? AND P.PARAMETER_NAME = 'channel' AND P.PARAMETER_VALUE = ?
             ORDER BY E.JOB_EXECUTION_ID DESC LIMIT 1""";

    private static final String STATUSES = """
            SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ? ORDER BY JOB_EXECUTION_ID DESC""";

    private final JdbcTemplate jdbc;
    private final JobRepository repository;

    public ChannelHistory(JdbcTemplate jdbc, JobRepository repository) {
        this.jdbc = jdbc;
        this.repository = repository;
    }

    /** The newest execution of {@code jobName} for this channel, or {@code null}. */
    public JobExecution latest(String jobName, String channelKey) {
        List<Long> ids = jdbc.queryForList(LATEST, Long.class, jobName, channelKey);
        return ids.isEmpty() ? null : repository.getJobExecution(ids.get(0));
    }

    /** How many of the instance's latest executions failed, counting back to the first that did not. */
    public int failedInARow(long instanceId) {
        int n = 0;
        for (String status : jdbc.queryForList(STATUSES, String.class, instanceId)) {
            if (!"FAILED".equals(status)) {
                break;
            }
            n++;
        }
        return n;
    }
}
