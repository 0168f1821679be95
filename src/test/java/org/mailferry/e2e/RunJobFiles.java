package org.mailferry.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.mailferry.testing.TestImapServer;
import tools.jackson.databind.JsonNode;

/**
 * What the end-to-end tests of job files, history and the scheduler share: a backup job file for a
 * test account, the stderr of a CLI still running (each long-running CLI gets a work directory of
 * its own), and the runs {@code jobs list --json} reports.
 */
final class RunJobFiles {

    private RunJobFiles() {
    }

    /** One execution as {@code jobs list --json} shows it. */
    record Run(long execution, String job, String status, String outcome, Instant started, Instant ended,
               long copied, JsonNode json) {
    }

    /**
     * Writes {@code dir/NAME.yaml}: a backup of {@code user} into {@code archive} (maildir:/mbox:
     * URI), password from the test server's file, its certificate trusted, then {@code extra} YAML.
     */
    static Path backupJob(Path dir, String name, TestImapServer server, String user, String archive, String extra) {
        String yaml = "name: " + name + "\n"
                + "type: backup\n"
                + "source:\n"
                + "  uri: " + E2eSupport.imaps(server, user) + "\n"
                + "  password-file: " + server.passwordFile(user) + "\n"
                + "archive: " + archive + "\n"
                + extra
                + (extra.contains("options:") ? "" : "options:\n")
                + "  trust-cert: " + server.cert() + "\n";
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a CLI started in {@code workDir} (alone there) has written to stderr so far. */
    static String stderrSoFar(Path workDir) {
        try (Stream<Path> files = Files.list(workDir)) {
            Path err = files.filter(p -> p.getFileName().toString().startsWith("err-"))
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified())).orElse(null);
            return err == null ? "" : Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** How often {@code needle} occurs in {@code text}. */
    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the CLI's stderr after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout, String what, Path workDir) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what + "\n--- stderr\n" + stderrSoFar(workDir));
            }
            Thread.sleep(50);
        }
    }

    /** The runs of {@code jobs list --json} output, newest first. */
    static List<Run> runs(String jobsListJson) {
        List<Run> runs = new ArrayList<>();
        for (JsonNode r : org.mailferry.util.Json.MAPPER.readTree(jobsListJson).path("runs")) {
            runs.add(new Run(r.path("execution").asLong(), r.path("job").asString(), r.path("status").asString(),
                    r.path("outcome").asString(), instant(r.path("started")), instant(r.path("ended")),
                    r.path("totals").path("copied").asLong(), r));
        }
        return runs;
    }

    /** Fails unless the runs, in start order, each start after the previous one ended. */
    static void assertNoOverlap(List<Run> runs) {
        List<Run> byStart = runs.stream().sorted(Comparator.comparing(Run::started)).toList();
        for (int i = 1; i < byStart.size(); i++) {
            Run before = byStart.get(i - 1);
            Run after = byStart.get(i);
            if (before.ended() == null || after.started().isBefore(before.ended())) {
                throw new AssertionError("execution " + after.execution() + " started at " + after.started()
                        + " while execution " + before.execution() + " ran (" + before.started() + " to "
                        + before.ended() + ")");
            }
        }
    }

    private static Instant instant(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asString());
    }
}
