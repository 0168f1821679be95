package org.mailferry.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the real CLI ({@code org.mailferry.cli.Main}) in a child JVM with the test classpath and a
 * 256 MB heap, as a user would, so exit codes, stdout/stderr and SIGKILL are the real thing.
 */
public final class MailferryCli {

    private final Path workDir;
    private final Map<String, String> env;

    public MailferryCli(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = env;
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

    public Result run(String... args) throws IOException, InterruptedException {
        return start(args).await(Duration.ofMinutes(5));
    }

    public Running start(String... args) throws IOException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
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
