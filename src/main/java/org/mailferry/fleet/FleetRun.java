package org.mailferry.fleet;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.ChannelHistory;
import org.mailferry.job.StopSignals;
import org.mailferry.report.AccountsSummary;
import org.mailferry.report.RunSummaries;
import org.mailferry.report.RunSummary;
import org.mailferry.run.AccountsRun;
import org.mailferry.run.CopyPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The manager of a distributed run ({@code --distributed}): Spring Batch remote partitioning
 * with one partition per account. Its step "accounts" sends one request per account through the
 * job database ({@link FleetChannel}); any worker ({@code mailferry worker}) takes it, runs the
 * account and leaves the result in the partition's context; the manager reads the results from
 * the JobRepository. A partition whose worker dies is marked lost ({@link LostPartitions}) and
 * run again, by restarting the job (completed partitions are kept), up to {@value #RESTARTS}
 * times in a row. Running the same command again after the manager itself was killed resumes
 * the same run. Secrets never travel: each account's plan carries references, which the worker
 * resolves.
 */
public final class FleetRun {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRun.class);
    public static final String JOB = "fleet";
    static final String MANAGER_STEP = "accounts";
    static final String WORKER_STEP = "account";
    private static final int RESTARTS = 5;

    private FleetRun() {
    }

    /**
     * Runs every account of {@code plans} on the fleet, at most {@code perHost} connections per server
     * across all workers (0: no cap); returns when each account is done, failed or given up.
     */
    public static AccountsSummary execute(String verb, List<CopyPlan> plans, int perHost, BatchEngine engine,
                                          PlanSignature signature, PrintWriter progress) throws InterruptedException {
        String key = AccountPartitions.key(verb, plans);
        Job job = job(engine, new AccountPartitions(plans, perHost, signature), plans.size(), progress);
        StopSignals.install();
        ChannelHistory history = new ChannelHistory(engine.jdbc(), engine.repository());
        JobExecution last = history.latest(JOB, key);
        if (last != null && last.getStatus().isRunning()) {
            LOG.warn("fleet run {} was interrupted (manager killed): resuming it", last.getId());
            last = recover(engine, history, key, last);
        }
        long runId = last == null ? 0 : last.getJobParameters().getLong("run.id", 0L);
        boolean resume = last != null && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
        JobParameters parameters = new JobParametersBuilder().addString("channel", key)
                .addLong("run.id", resume ? runId : runId + 1).addString("verb", verb, false)
                .addLong("accounts", (long) plans.size(), false)
                .addString("source", plans.size() + " accounts", false)
                .addString("target", "workers of the job database", false).toJobParameters();
        JobExecution execution = null;
        for (int attempt = 0; attempt <= RESTARTS; attempt++) {
            try {
                execution = engine.operator().start(job, parameters);
            } catch (OptimisticLockingFailureException raced) {
                // a worker of the earlier execution finished a partition meanwhile: read again and restart
                LOG.info("fleet run: a partition changed while restarting ({}); trying again", raced.getMessage());
                Thread.sleep(1_000);
                continue;
            } catch (Exception e) {
                throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL,
                        "cannot start the fleet run: " + e.getMessage(), e);
            }
            if (execution.getStatus() != BatchStatus.FAILED || StopSignals.requested()) {
                break;
            }
            LOG.warn("fleet run {}: accounts lost with their workers; running them again ({} of {})",
                    execution.getId(), attempt + 1, RESTARTS);
            Thread.sleep(2_000);
        }
        if (execution == null) {
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL, "the fleet run could not be restarted:"
                    + " its partitions kept changing; run the same command again");
        }
        return summary(engine, execution);
    }

    /**
     * Marks the killed manager's execution and its running partitions failed, so that they can be
     * restarted. Workers still running partitions of it update them meanwhile: a lost race is read
     * again and tried again.
     */
    private static JobExecution recover(BatchEngine engine, ChannelHistory history, String key, JobExecution last)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return engine.operator().recover(last);
            } catch (OptimisticLockingFailureException raced) {
                if (attempt >= 10) {
                    throw raced;
                }
                Thread.sleep(500);
                last = history.latest(JOB, key);
                if (!last.getStatus().isRunning()) {
                    return last;
                }
            }
        }
    }

    private static Job job(BatchEngine engine, AccountPartitions partitions, int accounts, PrintWriter progress) {
        MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
        handler.setStepName(WORKER_STEP);
        handler.setGridSize(accounts);
        handler.setJobRepository(PartitionPolling.repository(engine)); // polls by one count, not every context
        handler.setPollInterval(1_000);
        handler.setMessagingOperations(new FleetChannel(engine).sender());
        try {
            handler.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Step manager = new StepBuilder(MANAGER_STEP, engine.repository())
                .partitioner(WORKER_STEP, partitions)
                .partitionHandler(handler)
                .build();
        return new JobBuilder(JOB, engine.repository()).listener(new LostPartitions(engine, progress))
                .start(manager).build();
    }

    /** Each account's latest partition, in file order: its outcome, its worker and the summary of its own run. */
    public static AccountsSummary summary(BatchEngine engine, JobExecution execution) {
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        for (JobExecution e : engine.repository().getJobExecutions(execution.getJobInstance())) {
            for (StepExecution se : e.getStepExecutions()) {
                if (!se.getStepName().startsWith(WORKER_STEP + ":")) {
                    continue;
                }
                StepExecution seen = latest.get(se.getStepName());
                if (seen == null || seen.getId() < se.getId()) {
                    latest.put(se.getStepName(), se);
                }
            }
        }
        List<AccountsSummary.Account> accounts = new ArrayList<>();
        latest.keySet().stream().sorted().forEach(name -> accounts.add(account(engine, latest.get(name))));
        return AccountsRun.summarize(accounts);
    }

    private static AccountsSummary.Account account(BatchEngine engine, StepExecution se) {
        var ec = se.getExecutionContext();
        String[] ends = ec.getString(AccountPartitions.ACCOUNT, "? -> ?").split(" -> ", 2);
        String worker = ec.getString(AccountPartitions.WORKER, null);
        if (se.getStatus() != BatchStatus.COMPLETED) {
            String why = se.getStatus() == BatchStatus.FAILED ? "not finished: " + se.getExitStatus().getExitDescription()
                    : "not finished (" + se.getStatus() + ")";
            return new AccountsSummary.Account(ends[0], ends[1], "failed", ExitCode.PARTIAL.code(),
                    why.length() > 300 ? why.substring(0, 300) : why, null, worker);
        }
        if (!ec.containsKey(AccountPartitions.OUTCOME)) {
            return new AccountsSummary.Account(ends[0], ends[1], "failed", ExitCode.PARTIAL.code(),
                    "its worker ended without recording the account's outcome; run the same command again", null, worker);
        }
        long id = ec.getLong(AccountPartitions.EXECUTION, 0L);
        RunSummary run = null;
        if (id > 0) {
            JobExecution own = engine.repository().getJobExecution(id);
            run = own == null ? null : RunSummaries.of(own, engine.repository());
        }
        return new AccountsSummary.Account(ends[0], ends[1], ec.getString(AccountPartitions.OUTCOME, "failed"),
                ec.getInt(AccountPartitions.EXIT_CODE, ExitCode.INTERNAL.code()),
                ec.getString(AccountPartitions.ERROR, null), run, worker);
    }
}
