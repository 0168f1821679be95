package org.mailferry.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.jobfile.JobFile;
import org.mailferry.jobfile.JobFileParser;

/**
 * The scheduler with a once-a-second cron and runners that take their time; every wait is on a
 * condition (a latch, the log, a counter), never a fixed time that a loaded machine may overrun.
 */
class SchedulerTest {

    @TempDir
    Path dir;

    private final StringWriter log = new StringWriter();

    @Test
    void aJobShouldRunOnItsScheduleWithoutOverlappingItselfAndStopCleanly() throws Exception {
        JobFile job = job("slow", "* * * * * *");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch firstRunMayEnd = new CountDownLatch(1);
        Scheduler scheduler = new Scheduler(List.of(job), 4, j -> {
            starts.add(System.nanoTime());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (starts.size() == 1) {
                await(firstRunMayEnd); // the first run is slower than the schedule
            }
            running.decrementAndGet();
        }, new RunLog(new PrintWriter(log)), ZoneId.systemDefault());

        scheduler.start();
        awaitCondition(() -> log.toString().contains("slow: not started: its previous run has not ended"),
                "a due time skipped while the first run runs");
        assertThat(starts).as("no second run while the first one runs").hasSize(1);
        firstRunMayEnd.countDown();
        awaitCondition(() -> starts.size() >= 2, "runs again once the slow run ended");
        scheduler.stop();
        scheduler.awaitTermination();
        int runs = starts.size();
        Thread.sleep(1_100); // one period of the schedule: a timer left running would start a run

        assertThat(mostAtOnce.get()).as("never two runs of one job at once").isEqualTo(1);
        assertThat(starts).as("nothing starts after stop").hasSize(runs);
        assertThat(log.toString()).contains("slow: scheduled \"* * * * * *\", next run ");
    }

    @Test
    void aFailingRunShouldNotStopTheScheduleOrOtherJobs() throws Exception {
        AtomicInteger failing = new AtomicInteger();
        AtomicInteger healthy = new AtomicInteger();
        Scheduler scheduler = new Scheduler(List.of(job("failing", "* * * * * *"), job("healthy", "* * * * * *")), 2, j -> {
            if (j.name().equals("failing")) {
                failing.incrementAndGet();
                throw new IllegalStateException("boom");
            }
            healthy.incrementAndGet();
        }, new RunLog(new PrintWriter(log)), ZoneId.systemDefault());

        scheduler.start();
        awaitCondition(() -> failing.get() >= 2 && healthy.get() >= 2, "both jobs ran twice");
        scheduler.stop();
        scheduler.awaitTermination();

        assertThat(log.toString()).contains("failing: internal error: java.lang.IllegalStateException: boom");
    }

    /** Polls {@code condition} (the once-a-second schedule needs a few seconds); fails after 30 s. */
    private void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 30 s: " + what + "\n--- log\n" + log);
            }
            Thread.sleep(20);
        }
    }

    private JobFile job(String name, String cron) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\ntype: backup\nsource: imaps://a@h\narchive: maildir:/a\nschedule: \""
                + cron + "\"\n");
        return JobFileParser.parse(f);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
