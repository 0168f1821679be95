package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.DirectoryCopy;
import org.mailferry.testing.InProcessCli;
import org.mailferry.testing.InProcessCli.Result;
import org.mailferry.testing.ScriptedMailboxServer;

/**
 * A restore target that alters messages on APPEND, or refuses folder names: the appended messages
 * are read back after each chunk and altered ones reported (exit 3); a refused name is rewritten
 * with the characters the server names replaced, and the rename reported.
 */
class AppendReadBackTest {

    private static final String NS = "((\"\" \"/\")) NIL NIL";

    @TempDir
    Path tmp;

    private Path archive;

    private Result mailferry(String... args) throws Exception {
        return mailferry(tmp, args);
    }

    /** The CLI in this JVM with its state and password file in {@code dir}. */
    private static Result mailferry(Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", dir.resolve("state").toString(), "--password-file",
                InProcessCli.passwordFile(dir, "secret").toString(), "--no-progress",
                "--insecure")); // a plain scripted server: clear text allowed on purpose
        return InProcessCli.run(all);
    }

    private static String uri(ScriptedMailboxServer server) {
        return "imap://alice@127.0.0.1:" + server.port() + "?starttls=none";
    }

    private static byte[] message(int n, String subject) {
        return ("From: a@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <" + n + "@example.org>\r\n\r\n"
                + "body " + n + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Where the class's one backup is made; each test restores from a copy of it. */
    @TempDir
    static Path backedUp;

    /** An mbox archive of INBOX (two of three messages with raw UTF-8 in a header) and folder a.b.c. */
    @BeforeAll
    static void backup() throws Exception {
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('/', NS)) {
            source.folder("INBOX", message(1, "Grüße"), message(2, "plain ascii"), message(3, "Привет"));
            source.folder("a.b.c", message(4, "in a.b.c"));
            Result backup = mailferry(backedUp, "backup", "--source", uri(source), "--to",
                    "mbox:" + backedUp.resolve("archive"));
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
        }
    }

    /** A copy of the backup for this test alone (a file copy costs less than the same backup again). */
    @BeforeEach
    void archive() throws Exception {
        Path from = backedUp.resolve("archive");
        archive = tmp.resolve("archive");
        DirectoryCopy.copy(from, archive);
    }

    @Test
    void messagesTheTargetAlteredOnAppendShouldBeReportedWithExitCode3() throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS)
                .alterOnAppend(ScriptedMailboxServer::munge8bit)) {
            Result restore = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target));

            assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(3);
            assertThat(restore.out()).contains("2 altered by the target")
                    .containsPattern("altered: INBOX: UID 1: the target altered \\d+ header bytes \\(the first at offset"
                            + " \\d+: 0x58 'X' instead of 0xC3\\)")
                    .contains("altered: INBOX: UID 3: ").doesNotContain("UID 2: ");
            assertThat(target.messages("INBOX")).hasSize(3);
        }
    }

    @Test
    void aTargetWithoutUidplusThatAltersMessagesShouldStillBeFoundOut() throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS).withoutUidplus()
                .alterOnAppend(ScriptedMailboxServer::munge8bit)) {
            Result restore = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target));

            assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(3);
            assertThat(restore.out()).contains("2 altered by the target", "altered: INBOX: UID 1: ", "altered: INBOX: UID 3: ")
                    .doesNotContain("were not read back");
            assertThat(target.messages("INBOX")).hasSize(3);
        }
    }

    @Test
    void aMigrateTargetThatAltersMessagesShouldBeReportedWithExitCode3() throws Exception {
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('/', NS);
             ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS)
                     .alterOnAppend(ScriptedMailboxServer::munge8bit)) {
            source.folder("INBOX", message(1, "Grüße"), message(2, "plain ascii"), message(3, "Привет"));
            Result migrate = mailferry("migrate", "--source", uri(source), "--target", uri(target),
                    "--target-password-file", InProcessCli.passwordFile(tmp, "secret").toString());

            assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(3);
            assertThat(migrate.out()).contains("2 altered by the target", "altered: INBOX: UID 1: ",
                    "altered: INBOX: UID 3: ").doesNotContain("UID 2: ");
            assertThat(target.messages("INBOX")).hasSize(3);
        }
    }

    @Test
    void aTargetOverItsQuotaShouldStopTheRunWithAdviceAndResumeOnceThereIsRoom() throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS).quota(2)) {
            Result full = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target));

            assertThat(full.exitCode()).as(full.toString()).isEqualTo(13);
            assertThat(full.err()).contains("the target mailbox is over its quota ([OVERQUOTA] Quota exceeded",
                    "free space on the target or raise its quota, then run the same command again");
            int stored = target.messages("INBOX").size() + (target.folderNames().contains("a.b.c") ? target.messages("a.b.c").size() : 0);
            assertThat(stored).as("what the target took before it was full").isBetween(1, 2);

            target.quota(Integer.MAX_VALUE);
            Result resumed = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target));
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(target.messages("INBOX")).hasSize(3);
            assertThat(target.messages("a.b.c")).hasSize(1);
        }
    }

    @Test
    void aTargetThatKeepsTheBytesShouldPassTheReadBack() throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS)) {
            Result restore = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target),
                    "--verify-append", "full");

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.out()).doesNotContain("altered");
        }
    }

    @Test
    void verifyAppendFullShouldFindABodyAlteredWithTheSameSize() throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS)
                .alterOnAppend(b -> new String(b, StandardCharsets.UTF_8).replace("body ", "BODY ")
                        .getBytes(StandardCharsets.UTF_8))) {
            Result headersOnly = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target));
            assertThat(headersOnly.exitCode()).as("headers and sizes match: " + headersOnly).isZero();
        }
        assertFullReadBackFinds(4, "mbox:" + archive, "body ", "BODY ");
    }

    /** A restore from {@code from} into a target that replaces {@code was} by {@code now} reports that many altered. */
    private void assertFullReadBackFinds(int altered, String from, String was, String now) throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS)
                .alterOnAppend(b -> new String(b, StandardCharsets.ISO_8859_1).replace(was, now)
                        .getBytes(StandardCharsets.ISO_8859_1))) {
            Result full = mailferry("restore", "--from", from, "--target", uri(target), "--verify-append", "full");

            assertThat(full.exitCode()).as(full.toString()).isEqualTo(3);
            assertThat(full.out()).contains(altered + " altered by the target", "the target stored other bytes (SHA-256");
        }
    }

    @Test
    void verifyAppendFullShouldReadBackAMessageOverEightMebibytes() throws Exception {
        Path maildir = tmp.resolve("large");
        for (String d : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(d));
        }
        StringBuilder big = new StringBuilder("From: a@example.org\r\nSubject: large\r\n\r\n");
        while (big.length() < (9 << 20)) {
            big.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        Files.writeString(maildir.resolve("cur/1700000000.M1P1.host:2,S"), big, StandardCharsets.ISO_8859_1);
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS)) {
            Result full = mailferry("restore", "--from", "maildir:" + maildir, "--target", uri(target),
                    "--verify-append", "full");

            assertThat(full.exitCode()).as(full.toString()).isZero();
            assertThat(target.messages("INBOX")).singleElement()
                    .satisfies(m -> assertThat(m.body()).hasSize(big.length()));
        }
        assertFullReadBackFinds(1, "maildir:" + maildir, "xyz0", "XYZ0");
    }

    @Test
    void aFolderNameTheTargetRefusesShouldBeRewrittenAndTheRenameReported() throws Exception {
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('/', NS).refuseCharacter('.')) {
            Result restore = mailferry("restore", "--from", "mbox:" + archive, "--target", uri(target));

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(target.folderNames()).contains("a_b_c").doesNotContain("a.b.c", "a.b.c (restored)");
            assertThat(target.messages("a_b_c")).hasSize(1);
            assertThat(restore.out()).contains("the target refused the folder name a.b.c (",
                    "Character not allowed in mailbox name: '.'", "restored into a_b_c instead");
        }
    }
}
