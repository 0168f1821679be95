package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.EngineSettings;

/**
 * Issue 13, row "the default H2 job database (AUTO_SERVER=TRUE) listens on all interfaces":
 * while mailferry runs, the port H2 serves other local mailferry processes on is bound to the
 * loopback address only (read from /proc/net/tcp and tcp6, where zeros are every interface).
 */
class JobDatabaseListenerTest {

    @TempDir
    Path state;

    @Test
    void theEmbeddedJobDatabaseShouldListenOnLoopbackOnly() throws Exception {
        try (BatchEngine engine = BatchEngine.start(new EngineSettings(state, null, null, null))) {
            Properties lock = new Properties();
            try (var in = Files.newInputStream(state.resolve("jobs/mailferry.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("H2's AUTO_SERVER address in its lock file").matches("(localhost|127\\.0\\.0\\.1):\\d+");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            String hexPort = String.format(":%04X", port);
            java.util.List<String> listening = new java.util.ArrayList<>();
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                Files.readAllLines(Path.of(table)).stream().map(l -> l.trim().split("\\s+"))
                        .filter(f -> f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) // LISTEN
                        .forEach(f -> listening.add(f[1]));
            }
            assertThat(listening).isNotEmpty().allSatisfy(local -> assertThat(local).matches(
                    "0100007F:.*|0000000000000000FFFF00000100007F:.*|00000000000000000000000001000000:.*"));
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
