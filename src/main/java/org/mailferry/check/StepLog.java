package org.mailferry.check;

import java.util.ArrayList;
import java.util.List;
import org.mailferry.check.CheckStep.Status;
import org.mailferry.error.ExitCode;

/** Collects the steps of one check in order; the first failure decides the exit code. Not thread-safe. */
final class StepLog {

    private final List<CheckStep> steps = new ArrayList<>();
    private int exitCode;

    void pass(String step, String detail, List<String> notes) {
        steps.add(new CheckStep(step, Status.PASS, detail, null, notes, 0));
    }

    void pass(String step, String detail) {
        pass(step, detail, List.of());
    }

    void warn(String step, String detail, String fix) {
        steps.add(new CheckStep(step, Status.WARN, detail, fix, List.of(), 0));
    }

    /** Records a failed step; always returns false, so callers can {@code return log.fail(...)}. */
    boolean fail(String step, ExitCode code, String cause, String fix) {
        steps.add(new CheckStep(step, Status.FAIL, cause, fix, List.of(), code.code()));
        if (exitCode == 0) {
            exitCode = code.code();
        }
        return false;
    }

    CheckReport report(CheckTarget target, String provider) {
        return new CheckReport(target.uri(), target.protocol().name(), provider, steps, exitCode);
    }
}
