package org.mailferry.check;

import java.util.List;
import org.mailferry.util.SafeText;

/**
 * One line of a check: a step, whether it passed, what was found (or the cause of the failure in
 * plain words), the fix, and indented detail lines. Plain data, also the JSON form. Its text
 * quotes the server (greeting, capabilities, folder names, NAMESPACE prefixes, errors, certificate
 * names), so every string is escaped here ({@link SafeText#escape}): no printer of a step can put a
 * control character on a terminal or in a log.
 *
 * @param exitCode the documented exit code of a failed step ({@code error.ExitCode}), 0 otherwise
 */
public record CheckStep(String name, Status status, String detail, String fix, List<String> notes, int exitCode) {

    public enum Status {
        PASS("✓"), WARN("!"), FAIL("✗");

        private final String mark;

        Status(String mark) {
            this.mark = mark;
        }

        public String mark() {
            return mark;
        }
    }

    public CheckStep {
        name = SafeText.escape(name);
        detail = SafeText.escape(detail);
        fix = SafeText.escape(fix);
        notes = notes.stream().map(SafeText::escape).toList();
    }
}
