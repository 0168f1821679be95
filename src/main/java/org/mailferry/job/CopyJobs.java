package org.mailferry.job;

import io.micrometer.observation.ObservationRegistry;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the copy job of one run, under the name users run it by (backup, restore, migrate): a
 * partitioned step with one partition per folder ({@link FolderPartitioner}), run by
 * {@link LargestFirstPartitionHandler}, each partition a chunk-oriented step (the reader, an
 * ItemStream that opens the {@link FolderCopy}; the writer; the copy as listener). The run's {@link CopyChannel} (opened stores,
 * selection, mapping, options) is handed to the job it builds: nothing of a run lives in the
 * Spring context, so a job runs only where its channel was made from a plan ({@code run.PlanResolver}),
 * in this process or a fleet worker. Every job reports to {@link RunningJobs} (graceful stop) and
 * records its plan ({@link RunPlans}); every step to the {@link ObservationRegistry} (metrics, a
 * no-op unless a registry is configured).
 */
public final class CopyJobs {

    public static final String BACKUP = "backup";
    public static final String RESTORE = "restore";
    public static final String MIGRATE = "migrate";

    static final String MANAGER_STEP = "folders";
    static final String WORKER_STEP = "folder";

    private final JobRepository repository;
    private final PlatformTransactionManager transactions;
    private final ObservationRegistry observations;
    private final JobExecutionListener running;
    private final RunPlans plans;

    CopyJobs(JobRepository repository, PlatformTransactionManager transactions, ObservationRegistry observations,
             JobOperator operator, JdbcTemplate jdbc) {
        this.repository = repository;
        this.transactions = transactions;
        this.observations = observations;
        this.running = RunningJobs.listener(() -> operator);
        this.plans = new RunPlans(jdbc);
    }

    /** The job that runs {@code channel}, named after its verb. */
    Job of(CopyChannel channel) {
        String verb = channel.verb();
        if (!verb.equals(BACKUP) && !verb.equals(RESTORE) && !verb.equals(MIGRATE)) {
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL, "no job named " + verb);
        }
        LargestFirstPartitionHandler handler = new LargestFirstPartitionHandler(channel.connections());
        handler.setStep(new FolderStep(channel));
        Step folders = new StepBuilder(MANAGER_STEP, repository)
                .partitioner(WORKER_STEP, new FolderPartitioner(channel))
                .partitionHandler(handler)
                // the splitter takes this flag: a resumed run also makes one incremental pass over
                // the folders the interrupted run finished
                .allowStartIfComplete(true)
                .observationRegistry(observations)
                .build();
        return new JobBuilder(verb, repository).listener(running).listener(plans.recording(channel)).start(folders)
                .observationRegistry(observations).build();
    }

    /**
     * One folder's partition: builds its chunk-oriented step from the plan's entry for that
     * partition (the part of the step execution's name after {@value #WORKER_STEP}{@code :}) and
     * runs it. A partition takes its folder from the plan, never from a stored context.
     */
    private final class FolderStep implements Step {

        private final CopyChannel channel;

        FolderStep(CopyChannel channel) {
            this.channel = channel;
        }

        @Override
        public String getName() {
            return WORKER_STEP;
        }

        @Override
        public void execute(StepExecution execution) throws JobInterruptedException {
            String partition = execution.getStepName().substring(WORKER_STEP.length() + 1);
            PartitionFolder planned = channel.plan().get(partition);
            if (planned == null) {
                throw new MailferryException(FailureScope.FOLDER, ExitCode.INTERNAL,
                        "folder " + partition + " is not in this run's plan");
            }
            FolderCopy copy = new FolderCopy(channel, planned);
            new StepBuilder(WORKER_STEP, repository)
                    .<FolderItem, FolderItem>chunk(channel.chunkSize())
                    .reader(new FolderItemReader(copy))
                    .writer(new FolderItemWriter(copy))
                    .listener(copy)
                    .transactionManager(transactions)
                    .observationRegistry(observations)
                    .build()
                    .execute(execution);
        }
    }
}
