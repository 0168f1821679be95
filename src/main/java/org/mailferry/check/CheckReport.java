package org.mailferry.check;

import java.util.List;

/**
 * The result of {@code mailferry check}: every step run, in order, and the exit code: 0 when no
 * step failed, else the documented code of the first failure. Plain data, also the JSON form.
 */
public record CheckReport(String target, String protocol, String provider, List<CheckStep> steps, int exitCode) {

    public CheckReport {
        steps = List.copyOf(steps);
    }

    public boolean passed() {
        return exitCode == 0;
    }
}
