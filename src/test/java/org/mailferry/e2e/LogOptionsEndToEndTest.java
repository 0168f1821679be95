package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;

/**
 * {@code -q} and {@code --log-file} as a cron job uses them: nothing on stderr but errors, the
 * summary on stdout, the log with dates and the outcome in the file, never a secret there.
 */
class LogOptionsEndToEndTest {

    private static final String USER = TestImapServer.user(70);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void quietWithALogFileShouldLeaveStderrEmptyAndTheOutcomeInTheFile() throws Exception {
        server.resetUser(USER);
        server.fillCorpus(USER, "demo", 70);
        Path log = work.resolve("logs").resolve("backup.log");
        Files.createDirectories(log.getParent());
        String target = "maildir:" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);

        MailferryCli.Result r = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER), "-q", "--log-file", log.toString()));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as("no progress, no warning, no info").isEmpty();
        assertThat(r.out()).contains("backup complete");
        String logged = Files.readString(log);
        assertThat(logged).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO ")
                .containsPattern("backup complete \\(execution \\d+\\): \\d+ copied, 0 skipped, [0-9.]+ MB, exit code 0")
                .doesNotContain(server.password(USER));

        long before = Files.size(log);
        MailferryCli.Result usage = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER), "-q", "--folders", "NoSuchFolder"));
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).as("errors still reach stderr").contains("select no folder");
        assertThat(Files.size(log)).as("a run without --log-file writes nothing there").isEqualTo(before);
    }
}
