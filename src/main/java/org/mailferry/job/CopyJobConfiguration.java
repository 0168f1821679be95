package org.mailferry.job;

import io.micrometer.observation.ObservationRegistry;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The copy job, under the three names users run it by (backup, restore, migrate): a partitioned
 * step with one partition per folder, run by {@code connections} threads, each partition a
 * chunk-oriented step (reader, writer, {@link FolderCopy} as stream and listener). Everything
 * per run comes from the {@link CopyChannel} named by the {@code channel} job parameter. Every
 * job reports to {@link RunningJobs} (graceful stop); every step to the context's
 * {@link ObservationRegistry} (metrics, a no-op unless a registry is configured).
 */
@Configuration(proxyBeanMethods = false)
public class CopyJobConfiguration {

    public static final String BACKUP = "backup";
    public static final String RESTORE = "restore";
    public static final String MIGRATE = "migrate";

    static final String MANAGER_STEP = "folders";
    static final String WORKER_STEP = "folder";

    @Bean
    JobSchemaInitializer jobSchemaInitializer(javax.sql.DataSource dataSource) {
        return new JobSchemaInitializer(dataSource);
    }

    @Bean
    ChannelRegistry channelRegistry() {
        return new ChannelRegistry();
    }

    @Bean
    JobExecutionListener runningJobsListener(ObjectProvider<JobOperator> operator) {
        return RunningJobs.listener(operator::getObject);
    }

    @Bean
    JobExecutionListener runPlanListener(ChannelRegistry registry, org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return RunPlans.listener(registry, jdbc);
    }

    @Bean
    Job backupJob(JobRepository repository, Step folders, JobExecutionListener runningJobsListener,
                  JobExecutionListener runPlanListener) {
        return copyJob(BACKUP, repository, folders, runningJobsListener, runPlanListener);
    }

    @Bean
    Job restoreJob(JobRepository repository, Step folders, JobExecutionListener runningJobsListener,
                   JobExecutionListener runPlanListener) {
        return copyJob(RESTORE, repository, folders, runningJobsListener, runPlanListener);
    }

    @Bean
    Job migrateJob(JobRepository repository, Step folders, JobExecutionListener runningJobsListener,
                   JobExecutionListener runPlanListener) {
        return copyJob(MIGRATE, repository, folders, runningJobsListener, runPlanListener);
    }

    private static Job copyJob(String name, JobRepository repository, Step folders, JobExecutionListener running,
                               JobExecutionListener plan) {
        return new JobBuilder(name, repository).listener(running).listener(plan).start(folders).build();
    }

    @Bean
    Step folders(JobRepository repository, FolderPartitioner folderPartitioner, PartitionHandler folderPartitionHandler) {
        return new StepBuilder(MANAGER_STEP, repository)
                .partitioner(WORKER_STEP, folderPartitioner)
                .partitionHandler(folderPartitionHandler)
                // the splitter takes this flag: a resumed run also makes one incremental pass over
                // the folders the interrupted run finished
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @JobScope
    FolderPartitioner folderPartitioner(@Value("#{jobParameters['channel']}") String key, ChannelRegistry registry) {
        return new FolderPartitioner(registry.get(key));
    }

    @Bean
    @JobScope
    TaskExecutorPartitionHandler folderPartitionHandler(@Value("#{jobParameters['channel']}") String key,
            ChannelRegistry registry, JobRepository repository,
            PlatformTransactionManager transactionManager, FolderCopy folderCopy, FolderItemReader folderItemReader,
            FolderItemWriter folderItemWriter, ObservationRegistry observationRegistry) {
        CopyChannel channel = registry.get(key);
        Step worker = new StepBuilder(WORKER_STEP, repository)
                .<FolderItem, FolderItem>chunk(channel.chunkSize())
                .reader(folderItemReader)
                .writer(folderItemWriter)
                .stream(folderCopy)
                .listener(folderCopy)
                .transactionManager(transactionManager)
                .observationRegistry(observationRegistry)
                .build();
        TaskExecutorPartitionHandler handler = new LargestFirstPartitionHandler(channel.connections());
        handler.setStep(worker);
        return handler;
    }

    @Bean
    @StepScope
    FolderCopy folderCopy(@Value("#{jobParameters['channel']}") String key,
            @Value("#{stepExecution.stepName}") String stepName, ChannelRegistry registry) {
        CopyChannel channel = registry.get(key);
        String partition = stepName.substring(WORKER_STEP.length() + 1);
        PartitionFolder planned = channel.plan().get(partition);
        if (planned == null) {
            throw new MailferryException(FailureScope.FOLDER, ExitCode.INTERNAL,
                    "folder " + partition + " is not in this run's plan");
        }
        return new FolderCopy(channel, planned);
    }

    @Bean
    @StepScope
    FolderItemReader folderItemReader(FolderCopy folderCopy) {
        return new FolderItemReader(folderCopy.unproxied());
    }

    @Bean
    @StepScope
    FolderItemWriter folderItemWriter(FolderCopy folderCopy) {
        return new FolderItemWriter(folderCopy.unproxied());
    }
}
