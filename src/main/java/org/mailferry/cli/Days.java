package org.mailferry.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/** A day given on the command line ({@code --since}, {@code --before}): {@code YYYY-MM-DD}. */
final class Days {

    private Days() {
    }

    /** The day {@code text} names, null when not given; a usage error naming {@code option} otherwise. */
    static LocalDate parse(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    option + " " + text + ": write a day as YYYY-MM-DD, e.g. 2026-03-01");
        }
    }
}
