package org.mailferry.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.mailferry.cli.LoggingMixin;
import org.mailferry.cli.Main;

/**
 * Runs the real CLI ({@code org.mailferry.cli.Main}) as a user would: {@link #run} in this JVM by
 * default, {@link #start} always in a child JVM.
 *
 * <p>In-process, {@link #run} calls {@code Main.run(out, err, environment, args)} on a thread of its
 * own with this JVM's environment plus {@code env} (never the JVM's own variables changed), the log
 * level set from {@code -v} as {@code Main.main} does, and the run's log lines (logback writes them
 * to {@code System.err}) captured into its stderr. Each run starts and closes its own Spring
 * context; a run that leaves a non-daemon thread behind fails the test. What needs a process keeps
 * one: {@link #start} (SIGKILL, signals, two processes at once) and {@link #inChildJvm()}
 * (the launcher's real exit, stdout and stderr): a child JVM with the test classpath and a 256 MB heap.
 */
public final class MailferryCli {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path workDir;
    private final Map<String, String> env;
    private final boolean childJvm;

    public MailferryCli(Path workDir, Map<String, String> env) {
        this(workDir, env, false);
    }

    private MailferryCli(Path workDir, Map<String, String> env, boolean childJvm) {
        this.workDir = workDir;
        this.env = env;
        this.childJvm = childJvm;
    }

    /** This CLI with {@link #run} in a child JVM too, for tests about the process itself. */
    public MailferryCli inChildJvm() {
        return new MailferryCli(workDir, env, true);
    }

    /** The outcome of one finished command. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** A command still running. */
    public final class Running {
        private final Process process;
        private final Path out;
        private final Path err;

        Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** SIGKILL, as {@code kill -9}: no shutdown hook, no cleanup. */
        public void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM, as {@code kill}: the process stops gracefully; returns its result. */
        public Result stop(Duration timeout) throws IOException, InterruptedException {
            process.destroy();
            return await(timeout);
        }

        /** What it printed on stderr so far (also after a kill). */
        public String errSoFar() throws IOException {
            return read(err);
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public long pid() {
            return process.pid();
        }

        /** Waits until the condition holds (polling) or the process ends; true if it held. */
        public boolean awaitWhileRunning(BooleanSupplier condition, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (!process.isAlive()) {
                    return condition.getAsBoolean();
                }
                Thread.sleep(20);
            }
            return false;
        }

        public Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mailferry did not finish within " + timeout + "\n" + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        }
    }

    /** Runs one command to its end: in this JVM, or in a child JVM for {@link #inChildJvm()}. */
    public Result run(String... args) throws IOException, InterruptedException {
        return childJvm ? start(args).await(RUN_TIMEOUT) : runInProcess(args);
    }

    private Result runInProcess(String... args) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] code = {-1};
        Throwable[] failure = {null};
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Thread runner = new Thread(() -> {
            RoutedStderr.routeTo(err);
            PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
            PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
            try {
                org.mailferry.util.EnvironmentVariables.during(environment, () -> {
                    LoggingMixin.configure(args); // --log-file ~/x reads HOME from this environment too
                    return null;
                });
                code[0] = Main.run(o, e, environment, args);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                o.flush();
                e.flush();
            }
        }, "mailferry-cli-" + RUNS.incrementAndGet());
        runner.start();
        runner.join(RUN_TIMEOUT.toMillis());
        if (runner.isAlive()) {
            runner.interrupt();
            throw new AssertionError("mailferry " + String.join(" ", args) + " did not finish within " + RUN_TIMEOUT
                    + "\n" + threadDump(runner) + "\n--- stderr\n" + text(err));
        }
        if (failure[0] != null) {
            throw new AssertionError("Main.run threw instead of returning an exit code\n--- stderr\n" + text(err), failure[0]);
        }
        awaitThreadsEnd(before, args);
        return new Result(code[0], text(out), text(err));
    }

    /** Fails when the run left non-daemon threads behind (they would keep a real process alive). */
    private static void awaitThreadsEnd(Set<Thread> before, String... args) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon()).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        throw new AssertionError("mailferry " + String.join(" ", args) + " left threads running: "
                + left.stream().map(MailferryCli::threadDump).collect(Collectors.joining("\n")));
    }

    private static String threadDump(Thread t) {
        StringBuilder b = new StringBuilder("--- ").append(t.getName());
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("\n\tat ").append(e);
        }
        return b.toString();
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    public Running start(String... args) throws IOException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // a short-lived CLI: C2's compiling costs more CPU than it saves
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.mailferry.cli.Main");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new Running(p, out, err);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
