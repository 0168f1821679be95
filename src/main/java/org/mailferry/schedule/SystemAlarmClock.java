package org.mailferry.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The wall clock, with one daemon-less timer thread ("schedule-timer") that calls the tasks. */
final class SystemAlarmClock implements AlarmClock {

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "schedule-timer"));

    @Override
    public ZonedDateTime now(ZoneId zone) {
        return ZonedDateTime.now(zone);
    }

    @Override
    public void at(ZonedDateTime time, Runnable task) {
        long delay = Math.max(0, Duration.between(ZonedDateTime.now(time.getZone()), time).toMillis());
        try {
            timer.schedule(task, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped meanwhile: nothing is called after stop
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }
}
