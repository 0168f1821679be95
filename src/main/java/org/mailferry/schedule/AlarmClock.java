package org.mailferry.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The scheduler's view of time: what time it is, and calling a task at a later time. The system's
 * ({@link #system}) uses the wall clock and one timer thread; tests drive time by hand instead of
 * sleeping through real seconds.
 */
public interface AlarmClock {

    ZonedDateTime now(ZoneId zone);

    /** Calls {@code task} once at {@code time} (at once if it has passed); does nothing after {@link #stop}. */
    void at(ZonedDateTime time, Runnable task);

    /** Drops the tasks not yet called; calls nothing from now on. */
    void stop();

    static AlarmClock system() {
        return new SystemAlarmClock();
    }
}
