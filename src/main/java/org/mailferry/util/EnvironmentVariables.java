package org.mailferry.util;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment variables a command reads ({@code MAILFERRY_STATE_DIR}, {@code XDG_STATE_HOME},
 * {@code MAILFERRY_JOB_DB}, {@code --password-env VAR}, ...): the process's own, or, for the
 * duration of {@link #during}, the ones its caller passed in. That is how tests run the whole CLI
 * in-process ({@code Main.run(out, err, variables, args)}) with a private state directory,
 * without touching the JVM's environment. The scope belongs to the calling thread and is inherited
 * by the threads a run starts (its job and fetch threads); it ends when {@code during} returns.
 * Thread-safe.
 */
public final class EnvironmentVariables {

    private static final InheritableThreadLocal<Map<String, String>> SCOPED = new InheritableThreadLocal<>();

    private EnvironmentVariables() {
    }

    /** The value of {@code name}, or null when it is not set. */
    public static String get(String name) {
        Map<String, String> scoped = SCOPED.get();
        return scoped != null ? scoped.get(name) : System.getenv(name);
    }

    /** Runs {@code body} with {@code variables} as the whole environment, then restores the previous one. */
    public static <T> T during(Map<String, String> variables, Supplier<T> body) {
        Map<String, String> previous = SCOPED.get();
        SCOPED.set(Map.copyOf(variables));
        try {
            return body.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        }
    }
}
