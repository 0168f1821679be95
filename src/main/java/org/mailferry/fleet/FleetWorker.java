package org.mailferry.fleet;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.StopSignals;
import org.mailferry.run.RunSpool;
import org.mailferry.schedule.JobLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * A worker of the fleet ({@code mailferry worker}): takes account partitions from the job
 * database's request queue ({@link FleetChannel}), at most {@code parallel} at once, and runs each
 * with the worker step ({@link AccountStep}); Spring Batch's remote-partitioning protocol: the
 * request names a partition's step execution, whose context holds the account's signed plan.
 * A request whose partition is no longer waiting (the manager gave it up, another worker took
 * it) is dropped. Stops on SIGTERM/SIGINT: takes nothing new, running accounts stop at their next
 * chunk (and are resumed by another worker). Runs on the caller's thread until stopped.
 */
public final class FleetWorker {

    private static final Logger LOG = LoggerFactory.getLogger(FleetWorker.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final BatchEngine engine;
    private final FleetChannel channel;
    private final Step step;
    private final HostSlots slots;
    private final int parallel;
    private final String name;

    /**
     * @param secrets completes an account's plan with this worker's secret sources (its accounts
     *                file, its options): a plan from the job database names none
     */
    public FleetWorker(BatchEngine engine, PlanSignature signature, RunSpool spool, int parallel,
                       java.util.function.UnaryOperator<org.mailferry.run.CopyPlan> secrets) {
        this.engine = engine;
        this.channel = new FleetChannel(engine);
        this.parallel = parallel;
        this.name = nameOf(JobLeases.Owner.ofThisProcess().host(), ProcessHandle.current().pid());
        this.slots = new HostSlots(engine.jdbc(), JobLeases.TIME_TO_LIVE);
        this.step = new AccountStep(engine, signature, spool, slots, name, secrets);
    }

    public String name() {
        return name;
    }

    /** A worker's name: its host and process id, as partitions and {@code jobs show} name it. */
    static String nameOf(String host, long pid) {
        return host + " pid " + pid;
    }

    /**
     * True when {@code name} is a worker of this host whose process is gone (killed). A reused
     * process id makes a gone worker look alive: then only its lease running out tells.
     */
    static boolean isGoneFromThisHost(String name) {
        return JobLeases.Owner.parse(name).map(JobLeases.Owner::isGoneFromThisHost).orElse(false);
    }

    /** Takes and runs partitions until a stop signal. */
    public void run() throws InterruptedException {
        StopSignals.install();
        Semaphore free = new Semaphore(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "account");
            t.setDaemon(true);
            return t;
        });
        LOG.info("worker {} ready: up to {} accounts at once", name, parallel);
        try {
            while (!StopSignals.requested()) {
                if (!free.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                FleetChannel.Taken request = takeSafely();
                if (request == null) {
                    free.release();
                    Thread.sleep(IDLE_POLL.toMillis());
                    continue;
                }
                pool.submit(() -> {
                    try {
                        handle(request);
                    } finally {
                        free.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            slots.close();
        }
        LOG.info("worker {} stopped", name);
    }

    private FleetChannel.Taken takeSafely() {
        try {
            return channel.take(name);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the request queue: {}", e.toString());
            return null;
        }
    }

    /** Runs the partition a request names, if this worker claimed it while it waited for one. */
    void handle(FleetChannel.Taken taken) {
        long id = taken.request().getStepExecutionId();
        try {
            StepExecution se = engine.repository().getStepExecution(id);
            if (!taken.claimed() || se == null || se.getStatus() != BatchStatus.STARTED) {
                LOG.info("partition {} is no longer waiting ({}); dropped", id, se == null ? "unknown" : se.getStatus());
                return;
            }
            step.execute(se);
        } catch (Exception e) {
            LOG.warn("partition {} failed: {}", id, e.toString());
        }
    }
}
