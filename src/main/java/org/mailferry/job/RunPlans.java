package org.mailferry.job;

import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The plan of each execution, as the run layer wrote it ({@link CopyChannel#description()}, JSON),
 * in {@code MF_RUN_PLAN}: written when the execution starts (so a killed run has it too), read by
 * {@code jobs show}. Thread-safe.
 */
public final class RunPlans {

    private final JdbcTemplate jdbc;

    public RunPlans(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the plan of {@code channel} with each execution that runs it, before its first step. */
    JobExecutionListener recording(CopyChannel channel) {
        return new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                if (channel.description() != null) {
                    save(execution.getId(), channel.description());
                }
            }
        };
    }

    void save(long executionId, String plan) {
        jdbc.update("INSERT INTO MF_RUN_PLAN (JOB_EXECUTION_ID, PLAN) VALUES (?, ?)", executionId, plan);
    }

    /** The plan recorded for an execution; empty for one started before plans were recorded. */
    public Optional<String> of(long executionId) {
        List<String> rows = jdbc.queryForList("SELECT PLAN FROM MF_RUN_PLAN WHERE JOB_EXECUTION_ID = ?", String.class,
                executionId);
        return rows.stream().findFirst();
    }
}
