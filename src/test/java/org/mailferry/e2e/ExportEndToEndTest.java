package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A Maildir backup exported to one .tar.zst: GNU tar unpacks it into a Maildir that a Dovecot
 * serves with the same messages and flags (INTERNALDATE from the restored mtimes), and
 * {@code import} unpacks it into an archive that verifies and holds the same messages.
 * <p>
 * NEEDS WIRING: the {@code export}, {@code import} and {@code verify} subcommands (issue-6 report).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportEndToEndTest {

    private static final String USER = TestImapServer.user(39);

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot source;

    @TempDir
    Path work;

    @BeforeAll
    void fillNastyCorpus() {
        server.resetUser(USER);
        server.fillCorpus(USER, "nasty", 23, "--no-huge");
        source = ImapSnapshot.take(server, USER);
    }

    @Test
    void anExportedMaildirShouldUnpackWithTarForDovecotAndImportIntoAnArchiveThatVerifies() throws Exception {
        Path archive = work.resolve("alice");
        MailferryCli cli = E2eSupport.cli(work.resolve("cli"));
        MailferryCli.Result backup = cli.run(args("backup", "--source", imaps(server, USER), "--to", "maildir:" + archive,
                credentials(server, USER)));
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Path tar = work.resolve("alice.tar.zst");

        MailferryCli.Result export = cli.run("export", "--from", "maildir:" + archive, "--to", tar.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();

        Path unpacked = Files.createDirectories(work.resolve("by-tar"));
        Process p = new ProcessBuilder("tar", "--zstd", "-xf", tar.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String served = server.serveMaildir("exported" + ProcessHandle.current().pid(), unpacked.resolve("alice"));
        assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, served),
                ImapSnapshot.DiffOptions.DEFAULT.allowingMissingEmptyFolders()))
                .as("Dovecot serves the unpacked export like the mailbox").isEmpty();

        Path imported = work.resolve("imported");
        MailferryCli.Result in = cli.run("import", "--from", tar.toString(), "--to", "maildir:" + imported);
        assertThat(in.exitCode()).as(in.toString()).isZero();
        MailferryCli.Result verify = cli.run("verify", "maildir:" + imported);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + imported))).isEmpty();
    }
}
