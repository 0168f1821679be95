package org.mailferry.job;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailferry.error.ExitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (systemd, {@code kill}) and SIGINT (Ctrl-C) for every command that runs jobs. The first
 * signal stops the running jobs gracefully ({@link RunningJobs#stopAll}: each partition commits its
 * current chunk, the execution ends STOPPED and is restarted by the next run) and tells the
 * registered stoppers (a scheduler) to start nothing new; the command then ends by itself, exit
 * code 16 for a run. With nothing running and no stopper registered the process exits at once
 * with 16. A second signal exits at once, as {@code kill -9} would: the next run recovers.
 *
 * <p>Why signal handlers rather than a shutdown hook: once the JVM shuts down, the embedded job
 * database closes itself (H2's own hook), so the stopping job could not commit its last chunk.
 * Installed once per process ({@link #install}); thread-safe.
 */
public final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static final List<Runnable> STOPPERS = new CopyOnWriteArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers for SIGTERM and SIGINT, once per process. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> received("SIG" + s.getName()));
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} here ({}); it ends the process at once", name, e.getMessage());
            }
        }
    }

    /** True once a stop signal arrived: nothing new may start. */
    public static boolean requested() {
        return REQUESTED.get();
    }

    /** Registers {@code stopper} to run on the first signal, until the returned handle is closed. */
    public static AutoCloseable onStop(Runnable stopper) {
        STOPPERS.add(stopper);
        return () -> STOPPERS.remove(stopper);
    }

    private static void received(String signal) {
        if (!REQUESTED.compareAndSet(false, true)) {
            System.err.println("mailferry: " + signal + " again: exiting now; run the same command again to resume");
            System.err.flush();
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
        }
        if (!RunningJobs.any() && STOPPERS.isEmpty()) {
            System.err.println("mailferry: " + signal + ": stopped; run the same command again to resume");
            System.err.flush();
            System.exit(ExitCode.INTERRUPTED.code());
        }
        System.err.println("mailferry: " + signal + ": stopping after the current chunk (send it again to exit at once)");
        System.err.flush();
        STOPPERS.forEach(Runnable::run);
        RunningJobs.stopAll();
    }
}
