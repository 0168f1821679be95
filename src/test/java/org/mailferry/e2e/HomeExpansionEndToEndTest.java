package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;

/**
 * {@code ~} typed where a path goes (quoted, or after {@code =}, so no shell expands it) is the
 * user's {@code $HOME} in every command: never a directory literally named {@code ~}.
 */
class HomeExpansionEndToEndTest {

    private static final String USER = TestImapServer.user(52);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void tildeShouldBeTheHomeDirectoryInEveryPathACommandTakes() throws Exception {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 68, "--messages", "30", "--megabytes", "1");
        Path home = Files.createDirectories(work.resolve("home"));
        Files.copy(server.passwordFile(USER), home.resolve("pass"));
        Files.copy(server.cert(), home.resolve("cert.pem"));
        Files.createDirectories(work.resolve("cwd"));
        MailferryCli cli = new MailferryCli(work.resolve("cwd"), Map.of("HOME", home.toString()));
        Path cwd = Path.of("").toAbsolutePath();

        MailferryCli.Result backup = cli.run(args("backup", "--source", imaps(server, USER), "--to", "maildir:~/arch",
                "--password-file=~/pass", "--trust-cert", "~/cert.pem", "--state-dir", "~/state",
                "--log-file", "~/logs/backup.log", "--json"));

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        long held = E2eSupport.maildirMessages(home.resolve("arch"));
        assertThat(held).isPositive();
        assertThat(home.resolve("state")).isDirectory();
        assertThat(home.resolve("logs/backup.log")).isNotEmptyFile();

        MailferryCli.Result verify = cli.run("verify", "~/arch", "--json");
        MailferryCli.Result ls = cli.run("ls", "~/arch");
        MailferryCli.Result export = cli.run("export", "--from", "maildir:~/arch", "--to", "~/out.tar.gz");
        MailferryCli.Result imported = cli.run("import", "--from", "~/out.tar.gz", "--to", "maildir:~/copy");
        Files.writeString(home.resolve("job.yaml"), "name: tilde\ntype: backup\nsource:\n  uri: " + imaps(server, USER)
                + "\n  password-file: ~/pass\narchive: maildir:~/arch\noptions:\n  trust-cert: ~/cert.pem\n");
        MailferryCli.Result run = cli.run("run", "~/job.yaml", "--state-dir=~/state", "--json");

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains("INBOX");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(home.resolve("out.tar.gz")).isNotEmptyFile();
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(E2eSupport.maildirMessages(home.resolve("copy"))).isEqualTo(held);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(E2eSupport.totals(run.out()).path("copied").asLong()).as("the job file's archive is the same one").isZero();
        for (Path dir : new Path[] {work.resolve("cwd"), cwd, home}) {
            assertThat(dir.resolve("~")).as("a directory named ~ in " + dir).doesNotExist();
        }
    }
}
