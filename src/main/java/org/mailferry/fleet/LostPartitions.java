package org.mailferry.fleet;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mailferry.job.BatchEngine;
import org.mailferry.schedule.JobLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's watch over its partitions while a fleet run lasts. Every {@value #EVERY_SECONDS}
 * s: a partition whose worker ran on this host and is gone, or that runs but whose account lease
 * nobody holds any more (its worker was killed, its host lost: the lease was not renewed for
 * 30 s), or whose holder is a dead process of this host, is marked FAILED ("worker lost"), which
 * ends the manager's wait; the run then restarts it on another worker ({@link FleetRun}). The
 * lease counts only after its time to live from the partition's start (see {@link #lostBecause}).
 * Prints the run's progress (accounts done, running, waiting, failed) when it changes. One per fleet execution.
 */
final class LostPartitions implements JobExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(LostPartitions.class);
    private static final int EVERY_SECONDS = 2;
    private static final String RUNNING = """
            SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION
             WHERE JOB_EXECUTION_ID = ? AND STATUS = 'STARTED' AND STEP_NAME LIKE 'account:%'""";
    private static final String COUNTS = """
            SELECT STATUS, COUNT(*) AS N FROM BATCH_STEP_EXECUTION
             WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE 'account:%' GROUP BY STATUS""";

    private final BatchEngine engine;
    private final JobLeases leases;
    private final PrintWriter progress;
    private ScheduledExecutorService timer;
    private String lastProgress = "";

    LostPartitions(BatchEngine engine, PrintWriter progress) {
        this.engine = engine;
        this.leases = new JobLeases(engine.jdbc());
        this.progress = progress;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-watch");
            t.setDaemon(true);
            return t;
        });
        long id = execution.getId();
        timer.scheduleWithFixedDelay(() -> check(id), EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void afterJob(JobExecution execution) {
        timer.shutdownNow();
    }

    private void check(long executionId) {
        try {
            for (Long id : engine.jdbc().queryForList(RUNNING, Long.class, executionId)) {
                StepExecution se = engine.repository().getStepExecution(id);
                String why = se == null || se.getStatus() != BatchStatus.STARTED ? null : lostBecause(se);
                if (why != null) {
                    markLost(se, why);
                }
            }
            report(executionId);
        } catch (RuntimeException e) {
            LOG.warn("cannot check the fleet's partitions: {}", e.toString());
        }
    }

    /**
     * A partition is lost at once when the worker that claimed it ({@link FleetChannel#take}
     * names it) ran on this host and its process is gone. Otherwise when it has run for a lease's
     * time to live and the account's lease is held by nobody (expired, or never taken) or by a dead
     * process of this host. Not sooner: the lease of an account run again may still name the dead
     * worker of the earlier attempt until the new worker takes it, and on a loaded machine a live
     * worker may take seconds to get there; a partition marked lost under a live worker would fail
     * for good.
     */
    private String lostBecause(StepExecution se) {
        String worker = se.getExecutionContext().getString(AccountPartitions.WORKER, null);
        if (worker != null && FleetWorker.isGoneFromThisHost(worker)) {
            return "is gone (its process ended)";
        }
        LocalDateTime started = se.getStartTime();
        Duration running = started == null ? Duration.ofDays(1) : Duration.between(started, LocalDateTime.now());
        if (running.compareTo(JobLeases.TIME_TO_LIVE) < 0) {
            return null;
        }
        String lease = se.getExecutionContext().getString(AccountPartitions.LEASE, null);
        Optional<JobLeases.Holder> holder = lease == null ? Optional.empty() : leases.holder(lease);
        return holder.isEmpty() || holder.get().isDeadProcessOfThisHost() ? "stopped renewing its lease" : null;
    }

    private void markLost(StepExecution se, String why) {
        String account = se.getExecutionContext().getString(AccountPartitions.ACCOUNT, se.getStepName());
        String worker = se.getExecutionContext().getString(AccountPartitions.WORKER, "its worker");
        se.setStatus(BatchStatus.FAILED);
        se.setExitStatus(ExitStatus.FAILED.addExitDescription("worker lost: " + worker));
        se.setEndTime(LocalDateTime.now());
        engine.repository().update(se);
        LOG.warn("{}: {} {}; the account is run again by another worker", account, worker, why);
    }

    private void report(long executionId) {
        Map<String, Long> counts = new java.util.HashMap<>();
        List<Map<String, Object>> rows = engine.jdbc().queryForList(COUNTS, executionId);
        for (Map<String, Object> r : rows) {
            counts.put(String.valueOf(r.get("STATUS")), ((Number) r.get("N")).longValue());
        }
        String line = String.format("fleet: %d accounts done, %d running, %d waiting for a worker, %d lost",
                counts.getOrDefault("COMPLETED", 0L), counts.getOrDefault("STARTED", 0L),
                counts.getOrDefault("STARTING", 0L), counts.getOrDefault("FAILED", 0L));
        if (!line.equals(lastProgress)) {
            lastProgress = line;
            progress.println(line);
            progress.flush();
        }
    }
}
