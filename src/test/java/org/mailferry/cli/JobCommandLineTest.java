package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.jobfile.JobFileException;

/** Job files checked against the verbs' real command lines, and the CLI's handling of bad ones. */
class JobCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void loadShouldRejectAnOptionTheVerbDoesNotTakeAtItsLine() throws IOException {
        Path file = write("b.yaml", """
                name: b
                type: backup
                source: imaps://a@h
                archive: maildir:/a
                options:
                  delete-extra-on-target: true
                """);

        assertThatThrownBy(() -> JobCommandLine.load(file)).isInstanceOf(JobFileException.class)
                .hasMessage(file + ":6: options.delete-extra-on-target: a backup job does not take this"
                        + " (mailferry backup has no --delete-extra-on-target)");
    }

    @Test
    void loadShouldRejectAValueTheVerbsConverterRefusesAtItsLine() throws IOException {
        Path file = write("m.yaml", """
                name: m
                type: migrate
                source: imaps://a@h
                target: imaps://b@h
                options:
                  max-message-size: 12 parsecs
                """);

        assertThatThrownBy(() -> JobCommandLine.load(file)).isInstanceOf(JobFileException.class)
                .hasMessageStartingWith(file + ":6: options.max-message-size: ")
                .hasMessageContaining("'12 parsecs' is not a size");
    }

    @Test
    void loadShouldNameEveryMissingFileAtItsLineBeforeAnythingRuns() throws IOException {
        Files.writeString(dir.resolve("cert.pem"), "present");
        Path file = write("f.yaml", """
                name: f
                type: migrate
                source:
                  uri: imaps://a@h
                  password-file: missing-a.pass
                target:
                  uri: imaps://b@h
                  password-file: ~/.mailferry-test-missing-b.pass
                options:
                  trust-cert: [cert.pem, missing.pem]
                """);

        assertThatThrownBy(() -> JobCommandLine.load(file)).isInstanceOf(JobFileException.class)
                .hasMessage(file + ":5: source.password-file: no file " + dir.resolve("missing-a.pass") + "\n"
                        + file + ":8: target.password-file: no file " + org.mailferry.util.HomeDirectory.path()
                        + "/.mailferry-test-missing-b.pass\n"
                        + file + ":10: options.trust-cert: no file " + dir.resolve("missing.pem"));
    }

    @Test
    void loadDirectoryShouldRejectTwoJobsWithOneName() throws IOException {
        String job = """
                name: same
                type: backup
                source: imaps://a@h
                archive: maildir:/a
                """;
        write("a.yaml", job);
        write("b.yml", job);
        write("README.md", "not a job");

        assertThatThrownBy(() -> JobCommandLine.loadDirectory(dir)).isInstanceOf(JobFileException.class)
                .hasMessageContaining("b.yml: the job name 'same' is already used by " + dir.resolve("a.yaml"));
    }

    @Test
    void everyExampleInJobsShouldPassTheVerbsCommandLine() {
        assertThat(JobCommandLine.checkDirectory(projectRoot().resolve("jobs"))).extracting(j -> j.type().verb())
                .contains("backup", "restore", "migrate");
    }

    @Test
    void runShouldExitWithUsageAndEveryProblemWhenTheJobFileIsBad() throws IOException {
        Path file = write("bad.yaml", """
                name: bad
                type: backup
                source: imaps://a@h
                archive: maildir:/a
                options:
                  connections: many
                schedule: "99 * * * *"
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "run", file.toString(),
                "--state-dir", dir.resolve("state").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(file + ":6: options.connections: expected a whole number")
                .contains(file + ":7: schedule: '99 * * * *' is not a cron expression");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("jobs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("no project root above " + Path.of("").toAbsolutePath());
    }
}
