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
import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * A worker takes a request and claims its partition in one transaction: a partition is never left
 * STARTING without a request (a worker killed between the two would leave the manager waiting for
 * ever), and a request whose partition the run gave up is taken but not claimed.
 */
class FleetChannelTest {

    @TempDir
    Path state;

    @Test
    void takingARequestShouldClaimItsWaitingPartitionAtOnce() throws Exception {
        try (BatchEngine engine = BatchEngine.start(new EngineSettings(state, null, null, null))) {
            JobRepository repository = engine.repository();
            JobParameters parameters = new JobParametersBuilder().addLong("run.id", 1L).toJobParameters();
            JobInstance instance = repository.createJobInstance(FleetRun.JOB, parameters);
            JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
            StepExecution waiting = repository.createStepExecution(FleetRun.WORKER_STEP + ":1", execution);
            StepExecution givenUp = repository.createStepExecution(FleetRun.WORKER_STEP + ":2", execution);
            givenUp.setStatus(BatchStatus.FAILED);
            repository.update(givenUp);
            // a partition run again starts with the context of the earlier attempt, its worker's name included
            waiting.getExecutionContext().putString(AccountPartitions.WORKER, "earlier-worker");
            repository.updateExecutionContext(waiting);
            FleetChannel channel = new FleetChannel(engine);
            for (StepExecution se : new StepExecution[] {waiting, givenUp}) {
                channel.sender().send(org.springframework.messaging.support.MessageBuilder
                        .withPayload(new StepExecutionRequest(FleetRun.WORKER_STEP, se.getId())).build());
            }
            assertThat(channel.waiting()).isEqualTo(2);

            FleetChannel.Taken first = channel.take("test-worker");
            FleetChannel.Taken second = channel.take("test-worker");

            assertThat(first.request().getStepExecutionId()).isEqualTo(waiting.getId());
            assertThat(first.claimed()).isTrue();
            assertThat(repository.getStepExecution(waiting.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
            assertThat(repository.getStepExecution(waiting.getId()).getStartTime()).isNotNull();
            assertThat(repository.getStepExecution(waiting.getId()).getExecutionContext()
                    .getString(AccountPartitions.WORKER)).as("named in the claim's transaction").isEqualTo("test-worker");
            assertThat(second.request().getStepExecutionId()).isEqualTo(givenUp.getId());
            assertThat(second.claimed()).as("a partition the run gave up is not revived").isFalse();
            assertThat(repository.getStepExecution(givenUp.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(repository.getStepExecution(givenUp.getId()).getExecutionContext()
                    .containsKey(AccountPartitions.WORKER)).isFalse();
            assertThat(channel.take("test-worker")).as("the queue is empty").isNull();
            assertThat(channel.waiting()).isZero();
        }
    }
}
