package org.mailferry.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailferry.jobfile.JobFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on their cron schedules until stopped. A job is due at its schedule's next time; if
 * its previous run in this process still runs (or waits for a free slot), that time is skipped
 * and logged, so a job never overlaps itself here (across processes its lease decides, in the
 * {@link Runner}). At most {@code parallel} runs at once; due runs beyond that wait in line. A run
 * that fails or throws is logged and the schedule goes on. {@link #stop} starts nothing new
 * (waiting runs are dropped) and lets running runs end; {@link #awaitTermination} waits for them.
 * Thread-safe.
 */
public final class Scheduler {

    /** Runs one job to its end on the calling thread, logging it; a throw is logged by the scheduler. */
    @FunctionalInterface
    public interface Runner {
        void run(JobFile job);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final List<JobFile> jobs;
    private final Runner runner;
    private final RunLog log;
    private final ZoneId zone;
    private final AlarmClock clock;
    private final ExecutorService workers;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** @param jobs jobs that have a schedule */
    public Scheduler(List<JobFile> jobs, int parallel, Runner runner, RunLog log, ZoneId zone) {
        this(jobs, parallel, runner, log, zone, AlarmClock.system());
    }

    /** @param clock when things are due and who calls them (tests pass one they drive by hand) */
    Scheduler(List<JobFile> jobs, int parallel, Runner runner, RunLog log, ZoneId zone, AlarmClock clock) {
        this.jobs = List.copyOf(jobs);
        this.runner = runner;
        this.log = log;
        this.zone = zone;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(parallel, r -> new Thread(r, "job-" + n.incrementAndGet()));
    }

    public void start() {
        ZonedDateTime now = clock.now(zone);
        for (JobFile job : jobs) {
            plan(job, now).ifPresent(next -> log.scheduled(job, next));
        }
    }

    /** Starts nothing new from now on; running runs go on to their end (stop their jobs separately). */
    public void stop() {
        stopped = true;
        clock.stop();
        workers.shutdown();
    }

    /** Waits until {@link #stop} was called and every run has ended. */
    public void awaitTermination() throws InterruptedException {
        while (!workers.awaitTermination(1, TimeUnit.HOURS)) {
            LOG.debug("still waiting for running jobs");
        }
    }

    /** Sets the timer for the job's first time after {@code after}; empty when the schedule has no such time. */
    private Optional<ZonedDateTime> plan(JobFile job, ZonedDateTime after) {
        Optional<ZonedDateTime> next = job.schedule().flatMap(s -> s.next(after));
        if (next.isEmpty()) {
            log.notStarted(job, "its schedule has no time after " + after);
            return next;
        }
        if (!stopped) {
            clock.at(next.get(), () -> due(job, next.get()));
        }
        return next;
    }

    private void due(JobFile job, ZonedDateTime at) {
        if (stopped) {
            return;
        }
        if (!busy.add(job.name())) {
            log.notStarted(job, "its previous run has not ended");
        } else {
            try {
                workers.execute(() -> runOnce(job));
            } catch (RejectedExecutionException e) {
                busy.remove(job.name());
                return;
            }
        }
        ZonedDateTime now = clock.now(zone);
        plan(job, now.isAfter(at) ? now : at);
    }

    private void runOnce(JobFile job) {
        try {
            if (!stopped) {
                runner.run(job);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("run of job {} failed", job.name(), e);
            log.note(job.name() + ": internal error: " + e + " (the schedule goes on)");
        } finally {
            busy.remove(job.name());
        }
    }
}
