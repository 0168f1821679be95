package org.mailferry.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
 * The scheduler with a once-a-second cron on a clock the test moves by hand, and runners that take
 * their time; the only waits are for the runner threads (a latch, a counter), never for real seconds.
 */
class SchedulerTest {

    @TempDir
    Path dir;

    private final StringWriter log = new StringWriter();
    private final ManualAlarmClock clock = new ManualAlarmClock(ZonedDateTime.parse("2026-12-03T12:00:00.500Z"));

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
        }, new RunLog(new PrintWriter(log)), ZoneId.of("UTC"), clock);

        scheduler.start();
        assertThat(log.toString()).contains("slow: scheduled \"* * * * * *\", next run 2026-12-03T12:00:01Z");
        clock.advanceSeconds(1);
        awaitCondition(() -> starts.size() == 1, "the first run started");
        clock.advanceSeconds(1);
        assertThat(log.toString()).as("a due time skipped while the first run runs")
                .contains("slow: not started: its previous run has not ended");
        assertThat(starts).as("no second run while the first one runs").hasSize(1);
        firstRunMayEnd.countDown();
        awaitCondition(() -> {
            clock.advanceSeconds(1);
            return starts.size() >= 2;
        }, "runs again once the slow run ended");
        scheduler.stop();
        scheduler.awaitTermination();
        int runs = starts.size();
        clock.advanceSeconds(60);

        assertThat(mostAtOnce.get()).as("never two runs of one job at once").isEqualTo(1);
        assertThat(starts).as("nothing starts after stop").hasSize(runs);
        assertThat(clock.pending()).as("no timer left set after stop").isZero();
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
        }, new RunLog(new PrintWriter(log)), ZoneId.of("UTC"), clock);

        scheduler.start();
        awaitCondition(() -> {
            clock.advanceSeconds(1);
            return failing.get() >= 2 && healthy.get() >= 2;
        }, "both jobs ran twice");
        scheduler.stop();
        scheduler.awaitTermination();

        assertThat(log.toString()).contains("failing: internal error: java.lang.IllegalStateException: boom");
    }

    @Test
    void runsBeyondTheParallelLimitShouldWaitInLineAndCountAsRunning() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        Scheduler scheduler = new Scheduler(List.of(job("first", "* * * * * *"), job("second", "* * * * * *")), 1, j -> {
            order.add(j.name());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (j.name().equals("first") && firstMayEnd.getCount() > 0) {
                await(firstMayEnd);
            }
            running.decrementAndGet();
        }, new RunLog(new PrintWriter(log)), ZoneId.of("UTC"), clock);

        scheduler.start();
        clock.advanceSeconds(1);
        awaitCondition(() -> order.size() == 1, "one run started");
        clock.advanceSeconds(1);
        assertThat(order).as("the second job waits for the only slot").hasSize(1);
        assertThat(log.toString()).as("a waiting run is not started twice")
                .contains("first: not started: its previous run has not ended")
                .contains("second: not started: its previous run has not ended");
        firstMayEnd.countDown();
        awaitCondition(() -> order.contains("first") && order.contains("second"), "the waiting run ran");
        scheduler.stop();
        scheduler.awaitTermination();

        assertThat(mostAtOnce.get()).as("at most one run at once").isEqualTo(1);
    }

    /** Polls {@code condition} while runner threads work; fails after 30 s. */
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
