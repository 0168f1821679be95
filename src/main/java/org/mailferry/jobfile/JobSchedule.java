package org.mailferry.jobfile;

import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a job runs by itself: a cron expression, evaluated by Spring's {@link CronExpression} in
 * the scheduler's time zone. Five fields are crontab's ({@code minute hour day-of-month month
 * day-of-week}, run at second 0); six fields are Spring's, seconds first; the macros
 * {@code @hourly}, {@code @daily} ({@code @midnight}), {@code @weekly}, {@code @monthly} and
 * {@code @yearly} work too. Unlike crontab, when both day-of-month and day-of-week are
 * restricted a day must match both.
 *
 * @param expression as written in the job file
 */
public record JobSchedule(String expression, CronExpression cron) {

    /** The schedule, or a message saying what is wrong with {@code text}. */
    static ParseResult parse(String text) {
        String t = text.strip();
        String spring = t;
        if (!t.startsWith("@")) {
            int fields = t.split("\\s+").length;
            if (fields == 5) {
                spring = "0 " + t;
            } else if (fields != 6) {
                return new ParseResult(null, "expected 5 fields as in crontab (minute hour day-of-month month day-of-week),"
                        + " 6 with seconds first (Spring's form) or a macro such as @daily, got " + fields + " fields in '" + t + "'");
            }
        }
        try {
            return new ParseResult(new JobSchedule(t, CronExpression.parse(spring)), null);
        } catch (IllegalArgumentException e) {
            return new ParseResult(null, "'" + t + "' is not a cron expression: " + e.getMessage());
        }
    }

    /** The first time strictly after {@code after} when the job is due. */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        return Optional.ofNullable(cron.next(after));
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Either a schedule or the reason there is none. */
    record ParseResult(JobSchedule schedule, String problem) {
    }
}
