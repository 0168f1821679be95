package org.mailferry.check;

import java.util.List;
import org.mailferry.util.SafeText;

/**
 * The result of {@code mailferry check}: every step run, in order, and the exit code: 0 when no
 * step failed, else the documented code of the first failure. Plain data, also the JSON form;
 * its text is escaped ({@link SafeText#escape}), as each {@link CheckStep}'s is.
 */
public record CheckReport(String target, String protocol, String provider, List<CheckStep> steps, int exitCode) {

    public CheckReport {
        target = SafeText.escape(target);
        provider = SafeText.escape(provider);
        steps = List.copyOf(steps);
    }

    public boolean passed() {
        return exitCode == 0;
    }
}
