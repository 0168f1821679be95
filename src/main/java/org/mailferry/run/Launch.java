package org.mailferry.run;

import java.util.function.Function;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.EngineSettings;
import org.mailferry.job.RunOrigin;

/**
 * Where a run executes and where it comes from. A command typed at the shell runs in an engine
 * of its own ({@link #STANDALONE}); a job file run by {@code run}, {@code schedule} or
 * {@code jobs restart} runs in the engine of the process that launched it (one Spring context per
 * process, however many runs) and records its {@link RunOrigin} with its execution.
 *
 * @param engine the launcher's engine, or null for one of the run's own
 * @param origin the job file the run comes from, or null for a command line
 */
public record Launch(BatchEngine engine, RunOrigin origin) {

    public static final Launch STANDALONE = new Launch(null, null);

    /** Runs {@code work} in the launcher's engine, or in one started from {@code settings} and closed after. */
    <T> T inEngine(EngineSettings settings, Function<BatchEngine, T> work) {
        if (engine != null) {
            return work.apply(engine);
        }
        try (BatchEngine own = BatchEngine.start(settings)) {
            return work.apply(own);
        }
    }

    /** The name a run's report is filed under: the job's, else the verb. */
    String reportName(String verb) {
        return origin != null && origin.jobName() != null ? origin.jobName() : verb;
    }
}
