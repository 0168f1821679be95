package org.mailferry.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An alarm clock that moves only when a test says so; due tasks run on the test's thread, in time order. */
final class ManualAlarmClock implements AlarmClock {

    private record Alarm(ZonedDateTime time, Runnable task) {
    }

    private final List<Alarm> alarms = new ArrayList<>();
    private ZonedDateTime now;
    private boolean stopped;

    ManualAlarmClock(ZonedDateTime start) {
        this.now = start;
    }

    @Override
    public synchronized ZonedDateTime now(ZoneId zone) {
        return now.withZoneSameInstant(zone);
    }

    @Override
    public synchronized void at(ZonedDateTime time, Runnable task) {
        if (!stopped) {
            alarms.add(new Alarm(time, task));
        }
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        alarms.clear();
    }

    /** Moves the clock on by {@code seconds}, calling every task due by then. */
    void advanceSeconds(long seconds) {
        ZonedDateTime target;
        synchronized (this) {
            target = now.plusSeconds(seconds);
        }
        while (true) {
            Alarm next;
            synchronized (this) {
                next = alarms.stream().filter(a -> !a.time().isAfter(target))
                        .min(Comparator.comparing(Alarm::time)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                alarms.remove(next);
                if (next.time().isAfter(now)) {
                    now = next.time();
                }
            }
            next.task().run();
        }
    }

    synchronized int pending() {
        return alarms.size();
    }
}
