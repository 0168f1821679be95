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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.jobfile.JobFile;
import org.mailferry.jobfile.JobFileParser;

/** The scheduler's timing with a once-a-second cron and runners that take their time. */
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
        Scheduler scheduler = new Scheduler(List.of(job), 4, j -> {
            starts.add(System.nanoTime());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(starts.size() == 1 ? 2_300 : 200); // the first run is slower than the schedule
            running.decrementAndGet();
        }, new RunLog(new PrintWriter(log)), ZoneId.systemDefault());

        scheduler.start();
        Thread.sleep(4_600);
        scheduler.stop();
        scheduler.awaitTermination();
        int runs = starts.size();
        Thread.sleep(1_200);

        assertThat(mostAtOnce.get()).as("never two runs of one job at once").isEqualTo(1);
        assertThat(runs).as("runs again once the slow run ended").isBetween(2, 4);
        assertThat(starts).as("nothing starts after stop").hasSize(runs);
        assertThat(log.toString()).contains("slow: scheduled \"* * * * * *\", next run ")
                .contains("slow: not started: its previous run has not ended");
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
        Thread.sleep(2_600);
        scheduler.stop();
        scheduler.awaitTermination();

        assertThat(failing.get()).isGreaterThanOrEqualTo(2);
        assertThat(healthy.get()).isGreaterThanOrEqualTo(2);
        assertThat(log.toString()).contains("failing: internal error: java.lang.IllegalStateException: boom");
    }

    private JobFile job(String name, String cron) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\ntype: backup\nsource: imaps://a@h\narchive: maildir:/a\nschedule: \""
                + cron + "\"\n");
        return JobFileParser.parse(f);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
