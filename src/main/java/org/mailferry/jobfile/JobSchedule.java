package org.mailferry.jobfile;

import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            return new ParseResult(null, "'" + t + "' is not a cron expression: " + inUsersTerms(e.getMessage()));
        }
    }

    /**
     * Spring's message about the six-field form it parsed, told in the fields the user wrote:
     * "Invalid value for MinuteOfHour (valid values 0 - 59): 61 '61' in cron expression "0 61 2 * * *""
     * becomes "minute 61 is out of range (0-59)".
     */
    static String inUsersTerms(String springMessage) {
        String m = springMessage == null ? "invalid" : springMessage.replaceAll(" in cron expression \".*\"$", "");
        Matcher range = Pattern.compile("Invalid value for (\\w+) \\(valid values (\\S+) - (\\S+)\\): (\\S+).*").matcher(m);
        if (range.matches()) {
            String valid = range.group(1).equals("DayOfWeek") ? "0-7 or SUN-SAT, 0 and 7 are Sunday"
                    : range.group(2) + "-" + range.group(3);
            return field(range.group(1)) + " " + range.group(4) + " is out of range (" + valid + ")";
        }
        Matcher word = Pattern.compile("For input string: \"(.*)\".*").matcher(m);
        if (word.matches()) {
            return "'" + word.group(1) + "' is neither a number nor a name such as MON or JAN";
        }
        for (String[] f : FIELDS) {
            m = m.replace(f[0], f[1]);
        }
        return m;
    }

    private static final String[][] FIELDS = {{"SecondOfMinute", "second"}, {"MinuteOfHour", "minute"},
        {"HourOfDay", "hour"}, {"DayOfMonth", "day of month"}, {"MonthOfYear", "month"}, {"DayOfWeek", "day of week"}};

    private static String field(String springName) {
        for (String[] f : FIELDS) {
            if (f[0].equals(springName)) {
                return f[1];
            }
        }
        return springName;
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
