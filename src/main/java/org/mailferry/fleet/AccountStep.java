package org.mailferry.fleet;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.history.RunHistory;
import org.mailferry.history.RunRecord;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.ProgressListener;
import org.mailferry.job.RunningJobs;
import org.mailferry.metrics.RunMetrics;
import org.mailferry.report.RunSummary;
import org.mailferry.run.CopyPlan;
import org.mailferry.run.CopyRequest;
import org.mailferry.run.CopyRun;
import org.mailferry.run.Launch;
import org.mailferry.run.PlanCodec;
import org.mailferry.run.PlanResolver;
import org.mailferry.run.RunSpool;
import org.mailferry.schedule.JobLease;
import org.mailferry.schedule.JobLeases;
import org.mailferry.util.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The worker step: what a worker does with one account's partition: checks the plan's signature, takes the
 * account's lease (one copy of an account at a time across the fleet; its renewal is the
 * partition's heartbeat, which the manager watches), resolves the secrets here, on the worker,
 * from the worker's own configuration ({@code secrets}: the plan from the job database names none),
 * and runs the account's copy in the worker's engine as the same command would run it alone:
 * its own job, resumed from its last committed chunk after any kill. An account that fails (a
 * wrong password, a secret this worker cannot read) fails alone: the partition completes and
 * records the failure. A dropped connection or throttling that outlasted the retries (exit codes
 * 11, 17) fails the partition instead, so that the run tries the account again. Thread-safe; one per worker.
 */
final class AccountStep extends AbstractStep {

    private static final Logger LOG = LoggerFactory.getLogger(AccountStep.class);
    /** How long a worker waits for an account whose lease another (maybe dying) worker still holds. */
    private static final Duration LEASE_WAIT = JobLeases.TIME_TO_LIVE.multipliedBy(2);

    private final BatchEngine engine;
    private final PlanSignature signature;
    private final RunSpool spool;
    private final HostSlots slots;
    private final String worker;
    private final UnaryOperator<CopyPlan> secrets;

    AccountStep(BatchEngine engine, PlanSignature signature, RunSpool spool, HostSlots slots, String worker,
                UnaryOperator<CopyPlan> secrets) {
        super(engine.repository());
        setName(FleetRun.WORKER_STEP);
        this.engine = engine;
        this.signature = signature;
        this.spool = spool;
        this.slots = slots;
        this.worker = worker;
        this.secrets = secrets;
    }

    /** No transaction around it: the account's copy is a job of its own, committing its own chunks. */
    @Override
    protected void doExecute(StepExecution step) throws InterruptedException {
        ExecutionContext ec = step.getExecutionContext();
        ec.putString(AccountPartitions.WORKER, worker);
        getJobRepository().updateExecutionContext(step); // jobs show and the manager name the worker at once
        String json = ec.getString(AccountPartitions.PLAN);
        int perHost = ec.getInt(AccountPartitions.PER_HOST, 0);
        try {
            // what runs comes only from what the manager signed: the plan and the connection cap
            signature.verify(AccountPartitions.signed(json, perHost), ec.getString(AccountPartitions.SIGNATURE));
        } catch (MailferryException e) {
            recordFailure(step, ec.getString(AccountPartitions.ACCOUNT, step.getStepName()), e);
            return;
        }
        CopyPlan plan = PlanCodec.fromJson(json);
        String account = AccountPartitions.accountOf(plan);
        String sealed = ec.getString(AccountPartitions.SECRETS, null);
        if (sealed != null) {
            try {
                // the manager's secret references, readable only with the fleet key
                plan = SealedLogins.fromJson(signature.open(sealed, AccountPartitions.signed(json, perHost))).into(plan);
            } catch (MailferryException e) {
                recordFailure(step, account, e);
                return;
            }
        }
        try (JobLease lease = leaseOf(AccountPartitions.leaseName(account), account)) {
            // this worker's own accounts file wins, then the manager's sealed references, then its options
            CopyRequest request = PlanResolver.resolve(secrets.apply(plan), engine.settings(), true, false,
                    new PrintWriter(java.io.Writer.nullWriter()));
            LOG.info("{}: copying {}", worker, account);
            HostConnectionLimit limit = new HostConnectionLimit(perHost, slots);
            RunSummary summary = CopyRun.run(request, engine, spool.factory(request, limit),
                    ProgressListener.NONE, new Launch(engine, plan.origin()));
            if (isTransient(summary.exitCode())) {
                // the server dropped or throttled us (a busy server, many workers at once): the run tries again
                throw new IllegalStateException(account + " ended with exit code " + summary.exitCode() + ": "
                        + summary.error());
            }
            ec.putString(AccountPartitions.OUTCOME, summary.outcome());
            ec.putInt(AccountPartitions.EXIT_CODE, summary.exitCode());
            ec.putLong(AccountPartitions.EXECUTION, summary.executionId());
            if (summary.error() != null) {
                ec.putString(AccountPartitions.ERROR, summary.error());
            }
            saveOutcome(step);
            LOG.info("{}: {} {} (exit code {})", worker, account, summary.outcome(), summary.exitCode());
            RunMetrics.record(FleetRun.JOB + " " + plan.verb(), summary.exitCode(), runRecord(summary.executionId()));
        } catch (MailferryException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED || e.exitCode() == ExitCode.INTERNAL
                    || isTransient(e.exitCode().code())) {
                throw e; // the worker stops, or a fault not of the account's making: the partition is run again
            }
            recordFailure(step, account, e);
        }
    }

    /** The account fails alone: its partition completes with the failure recorded. */
    private void recordFailure(StepExecution step, String account, MailferryException e) {
        ExecutionContext ec = step.getExecutionContext();
        ec.putString(AccountPartitions.OUTCOME, "failed");
        ec.putInt(AccountPartitions.EXIT_CODE, e.exitCode().code());
        ec.putString(AccountPartitions.ERROR, SafeText.escape(e.getMessage()));
        saveOutcome(step);
        LOG.warn("{}: {} failed: {}", worker, account, SafeText.escape(e.getMessage()));
        RunMetrics.record(FleetRun.JOB + " account", e.exitCode().code(), null);
    }

    /**
     * Stores the outcome before the step ends. Spring Batch saves a finished step's status and then
     * its context, in two transactions: a worker killed between them left a COMPLETED partition
     * without its outcome, which no restart runs again. Saved here first, COMPLETED implies an outcome.
     */
    private void saveOutcome(StepExecution step) {
        getJobRepository().updateExecutionContext(step);
    }

    /** A connection the server dropped or throttling that outlasted the retries: worth another attempt later. */
    private static boolean isTransient(int exitCode) {
        return exitCode == ExitCode.CONNECT.code() || exitCode == ExitCode.THROTTLED.code();
    }

    private RunRecord runRecord(long executionId) {
        JobExecution execution = executionId > 0 ? engine.repository().getJobExecution(executionId) : null;
        return execution == null ? null : new RunHistory(engine.jdbc(), engine.repository()).record(execution);
    }

    /**
     * The account's lease, waiting while another worker holds it (a manager that took the
     * partition for lost, a worker finishing); losing it stops the account's copy at its next
     * chunk, since another worker may start it.
     */
    private JobLease leaseOf(String name, String account) throws InterruptedException {
        JobLeases leases = new JobLeases(engine.jdbc());
        long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
        while (true) {
            try {
                return JobLease.acquire(leases, name, () -> RunningJobs.stopWhere(p ->
                        account.equals(p.getString("source") + " -> " + p.getString("target"))));
            } catch (MailferryException busy) {
                if (busy.exitCode() != ExitCode.BUSY || System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.sleep(2_000);
            }
        }
    }
}
