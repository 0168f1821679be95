package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Backup through the real CLI against the real Dovecot, checked message by message (SHA-256 of
 * the bytes, flags, keywords, INTERNALDATE) against the server, including the >50 MB message
 * (with a 256 MB heap in a child JVM for the Maildir backup; the other runs are in-process).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupEndToEndTest {

    private static final String USER = TestImapServer.user(2);

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot source;

    @TempDir
    Path work;

    @BeforeAll
    void fillNastyCorpus() {
        server.resetUser(USER);
        server.fillCorpus(USER, "nasty", 11);
        source = ImapSnapshot.take(server, USER);
        assertThat(source.size()).isGreaterThan(30);
    }

    @Test
    void backupToMaildirShouldHoldExactlyTheServerMessagesAndDovecotShouldServeThem() throws Exception {
        Path archive = work.resolve("maildir");
        MailferryCli.Result r = E2eSupport.cli(work).inChildJvm().run(args("backup", "--source", imaps(server, USER),
                "--to", "maildir:" + archive, credentials(server, USER)));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("backup complete");
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + archive))).isEmpty();
        assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, USER)))
                .as("the backup must not change the source (no \\Seen from reading)").isEmpty();

        String served = server.serveMaildir("served" + ProcessHandle.current().pid(), archive);
        ImapSnapshot viaDovecot = ImapSnapshot.take(server, served);
        assertThat(ImapSnapshot.diff(source, viaDovecot, ImapSnapshot.DiffOptions.DEFAULT.allowingMissingEmptyFolders()))
                .as("a Dovecot pointed at the backup serves the same messages and flags").isEmpty();
    }

    @Test
    void backupToMboxShouldHoldExactlyTheServerMessagesAndPythonShouldReadIt() throws Exception {
        Path archive = work.resolve("mbox");
        MailferryCli.Result r = E2eSupport.cli(work).run(args("backup", "--source", imaps(server, USER),
                "--to", "mbox:" + archive, "--json", credentials(server, USER)));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"outcome\" : \"complete\"");
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("mbox:" + archive))).isEmpty();

        Path inbox = archive.resolve("INBOX.mbox");
        Process py = new ProcessBuilder("python3", "-c",
                "import mailbox,sys; print(len(mailbox.mbox(sys.argv[1])))", inbox.toString())
                .redirectErrorStream(true).start();
        String count = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(py.waitFor()).as(count).isZero();
        assertThat(Long.parseLong(count)).isEqualTo(source.countsPerFolder().get("INBOX"));
    }

    @Test
    void backupOfAServerWithDotSeparatorShouldKeepTheHierarchy() throws Exception {
        String user = TestImapServer.SEPDOT_USER_2;
        server.resetUser(user);
        server.fillCorpus(user, "nasty", 12, "--no-huge");
        ImapSnapshot dotted = ImapSnapshot.take(server, user);
        assertThat(dotted.folders()).anyMatch(f -> f.contains("/"));

        String target = "maildir:" + work.resolve("dotted");
        MailferryCli.Result r = E2eSupport.cli(work).run(args("backup", "--source", imaps(server, user),
                "--to", target, credentials(server, user)));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(ImapSnapshot.diff(dotted, ArchiveSnapshot.take(target))).isEmpty();
    }

    @Test
    void archiveAndStateShouldBeReadableByTheOwnerOnlyAndHoldNoPassword() throws Exception {
        Path archive = work.resolve("private");
        MailferryCli.Result r = E2eSupport.cli(work).run(args("backup", "--source", imaps(server, USER),
                "--to", "mbox:" + archive, "--folders", "INBOX", credentials(server, USER)));
        assertThat(r.exitCode()).as(r.toString()).isZero();

        byte[] password = server.password(USER).getBytes(StandardCharsets.UTF_8);
        for (Path root : List.of(archive, work.resolve("state"))) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    assertThat(perms).as(p.toString()).isSubsetOf(PosixFilePermissions.fromString("rwx------"));
                    if (Files.isRegularFile(p)) {
                        assertThat(indexOf(Files.readAllBytes(p), password)).as("password in " + p).isEqualTo(-1);
                    }
                }
            }
        }
        assertThat(r.out() + r.err()).doesNotContain(server.password(USER));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
