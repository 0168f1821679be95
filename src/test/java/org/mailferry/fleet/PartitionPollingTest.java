package org.mailferry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.EngineSettings;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The manager's handler polls through {@link PartitionPolling}: while a partition runs it sees none
 * finished (and no context is read); once all have ended it sees each, as the real repository has them.
 */
class PartitionPollingTest {

    @TempDir
    Path state;

    @Test
    void thePollShouldSeePartitionsOnlyOnceNoneRuns() throws Exception {
        try (BatchEngine engine = BatchEngine.start(new EngineSettings(state, null, null, null))) {
            JobRepository real = engine.repository();
            JobParameters parameters = new JobParametersBuilder().addLong("run.id", 1L).toJobParameters();
            JobInstance instance = real.createJobInstance(FleetRun.JOB, parameters);
            JobExecution execution = real.createJobExecution(instance, parameters, new ExecutionContext());
            StepExecution manager = real.createStepExecution(FleetRun.MANAGER_STEP, execution);
            StepExecution first = real.createStepExecution(FleetRun.WORKER_STEP + ":1", execution);
            StepExecution second = real.createStepExecution(FleetRun.WORKER_STEP + ":2", execution);
            finish(real, first, BatchStatus.COMPLETED);
            second.setStatus(BatchStatus.STARTED);
            real.update(second);
            JobRepository polled = PartitionPolling.repository(engine);

            assertThat(polled.getJobExecution(execution.getId()).getStepExecutions())
                    .as("a partition still runs: nothing to look at yet").isEmpty();

            finish(real, second, BatchStatus.FAILED);
            assertThat(polled.getJobExecution(execution.getId()).getStepExecutions())
                    .extracting(StepExecution::getStepName, StepExecution::getStatus)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(FleetRun.MANAGER_STEP, BatchStatus.STARTING),
                            org.assertj.core.groups.Tuple.tuple(FleetRun.WORKER_STEP + ":1", BatchStatus.COMPLETED),
                            org.assertj.core.groups.Tuple.tuple(FleetRun.WORKER_STEP + ":2", BatchStatus.FAILED));
            assertThat(polled.getJobInstance(instance.getInstanceId())).as("other calls go to the real repository")
                    .isEqualTo(real.getJobInstance(instance.getInstanceId()));
            assertThat(manager.getId()).isNotNull();
        }
    }

    private static void finish(JobRepository repository, StepExecution step, BatchStatus status) {
        step.setStatus(status);
        step.setEndTime(java.time.LocalDateTime.now());
        repository.update(step);
    }
}
