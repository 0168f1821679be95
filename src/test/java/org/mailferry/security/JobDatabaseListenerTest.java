package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.EngineSettings;
import org.mailferry.e2e.MailferryCli;

/**
 * Issue 13, row "the default H2 job database (AUTO_SERVER=TRUE) listens on all interfaces":
 * while mailferry runs, the port H2 serves other local mailferry processes on is bound to the
 * loopback address only (read from /proc/net/tcp and tcp6, where zeros are every interface).
 */
class JobDatabaseListenerTest {

    @TempDir
    Path state;

    /**
     * In a child JVM running the real entry point: in this test JVM another test may have loaded H2
     * before mailferry's defaults applied, and H2 reads its bind address once.
     */
    @Test
    void theEmbeddedJobDatabaseShouldListenOnLoopbackOnly() throws Exception {
        Path jobs = Files.createDirectories(state.resolve("job-files"));
        Files.writeString(jobs.resolve("yearly.yaml"), """
                name: yearly
                type: backup
                source:
                  uri: imaps://nobody@127.0.0.1:1
                  password-env: NO_SUCH_PASSWORD
                archive: maildir:%s
                schedule: "0 0 1 1 *"
                """.formatted(state.resolve("archive")));
        MailferryCli cli = new MailferryCli(state, Map.of("MAILFERRY_STATE_DIR", state.resolve("state").toString()));
        MailferryCli.Running scheduler = cli.start("schedule", jobs.toString());
        Path lockFile = state.resolve("state/jobs/mailferry.lock.db");
        try {
            assertThat(scheduler.awaitWhileRunning(() -> serverOf(lockFile) != null, Duration.ofSeconds(60)))
                    .as("H2's lock file names its AUTO_SERVER address; scheduler: %s", errOf(scheduler)).isTrue();
            String server = serverOf(lockFile);
            assertThat(server).as("H2's AUTO_SERVER address in its lock file").matches("(localhost|127\\.0\\.0\\.1):\\d+");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            String hexPort = String.format(":%04X", port);
            List<String> listening = new ArrayList<>();
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                Files.readAllLines(Path.of(table)).stream().map(l -> l.trim().split("\\s+"))
                        .filter(f -> f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) // LISTEN
                        .forEach(f -> listening.add(f[1]));
            }
            assertThat(listening).isNotEmpty().allSatisfy(local -> assertThat(local).matches(
                    "0100007F:.*|0000000000000000FFFF00000100007F:.*|00000000000000000000000001000000:.*"));
        } finally {
            scheduler.stop(Duration.ofSeconds(30));
        }
    }

    private static String serverOf(Path lockFile) {
        Properties lock = new Properties();
        try (var in = Files.newInputStream(lockFile)) {
            lock.load(in);
        } catch (IOException e) {
            return null;
        }
        return lock.getProperty("server");
    }

    private static String errOf(MailferryCli.Running running) {
        try {
            return running.errSoFar();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void theJobDatabaseShouldBePrivateEvenInAStateDirectoryMadeWithLooserModes() throws Exception {
        java.nio.file.attribute.FileAttribute<?> open = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectory(state.resolve("jobs"), open);
        Files.createDirectory(state.resolve("locks"), open);

        try (BatchEngine engine = BatchEngine.start(new EngineSettings(state, null, null, null))) {
            for (String dir : new String[] {"jobs", "locks"}) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(dir))))
                        .as(dir).isEqualTo("rwx------");
            }
            try (java.util.stream.Stream<Path> files = Files.list(state.resolve("jobs"))) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(f -> assertThat(java.nio.file.attribute.PosixFilePermissions
                        .toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }
}
