package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.GmailEmulation;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Gmail's labels through the CLI, against the X-GM-EXT-1 emulation in front of Dovecot
 * ({@link GmailEmulation}): a backup reads each message once and keeps its labels (Maildir: one
 * file, hard links in the label folders; mbox: the Gmail index), an incremental run sees a label
 * change, restores put the labels back (as folders, or only the first label, into a plain
 * Dovecot; as labels into an emulated Gmail), migrate from Gmail does as restore does, and the
 * Maildir archive verifies and is served by Dovecot with every label a folder. Users 15, 16, 17,
 * 27, 29. Bytes, flags and INTERNALDATE of every copy are compared with the original.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GmailLabelsEndToEndTest {

    private static final String GMAIL = TestImapServer.user(41);
    private static final String PLAIN = TestImapServer.user(16);
    private static final String PRIMARY = TestImapServer.user(17);
    private static final String GMAIL_TARGET = TestImapServer.user(42);
    private static final String MIGRATED = TestImapServer.user(43);

    private final TestImapServer server = TestImapServer.get();
    private GmailEmulation gmail;
    private GmailEmulation gmailTarget;
    private ImapSnapshot original;

    @TempDir
    static Path work;

    static byte[] message(int n) {
        return ("From: a" + n + "@example.org\r\nTo: b@example.org\r\nSubject: message " + n + "\r\nMessage-ID: <m" + n
                + "@example.org>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nbody " + n + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @BeforeAll
    void fillTheEmulatedGmail() throws Exception {
        for (String u : List.of(GMAIL, PLAIN, PRIMARY, GMAIL_TARGET, MIGRATED)) {
            server.resetUser(u);
        }
        gmail = new GmailEmulation(server, GMAIL);
        gmailTarget = new GmailEmulation(server, GMAIL_TARGET);
        gmailTarget.createLayout();
        gmail.addMessage(GmailEmulation.ALL_MAIL, message(1), "\\Seen", "03-Mar-2026 10:00:01 +0000", "\\Inbox", "Work");
        gmail.addMessage(GmailEmulation.ALL_MAIL, message(2), "\\Flagged", "04-Mar-2026 11:00:02 +0000", "Work", "Travel/2026");
        gmail.addMessage(GmailEmulation.ALL_MAIL, message(3), "\\Seen \\Answered", "05-Mar-2026 12:00:03 +0000");
        gmail.addMessage(GmailEmulation.SPAM, message(4), "", "06-Mar-2026 13:00:04 +0000");
        gmail.addMessage(GmailEmulation.TRASH, message(5), "\\Seen", "07-Mar-2026 14:00:05 +0000");
        original = ImapSnapshot.take(server, GMAIL);
    }

    @AfterAll
    void stop() throws Exception {
        gmail.close();
        gmailTarget.close();
    }

    private MailferryCli.Result backup(String format) throws Exception {
        return E2eSupport.cli(work.resolve("state-" + format)).run(args("backup", "--source", gmail.uri(), "--to",
                format + ":" + work.resolve(format), "--password-file", server.passwordFile(GMAIL).toString(),
                "--insecure", "--json"));
    }

    private static Path file(Path folder, int n) throws Exception {
        try (Stream<Path> s = Files.list(folder.resolve("cur"))) {
            return s.filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).contains("body " + n);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow(() -> new AssertionError("message " + n + " not in " + folder));
        }
    }

    private static long files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder.resolve("cur"))) {
            return s.count();
        }
    }

    private static Object inode(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino");
    }

    @Test
    @Order(1)
    void maildirBackupShouldStoreEachMessageOnceWithHardLinksPerLabel() throws Exception {
        MailferryCli.Result r = backup("maildir");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path root = work.resolve("maildir");
        Path allMail = root.resolve(".[Gmail].All Mail");
        assertThat(files(allMail)).isEqualTo(3);
        assertThat(files(root.resolve(".[Gmail].Spam"))).isEqualTo(1);
        assertThat(files(root.resolve(".[Gmail].Trash"))).isEqualTo(1);
        String index = Files.readString(allMail.resolve("mailferry-gmail.jsonl"));
        assertThat(files(root)).as("INBOX: the one message labelled \\Inbox").isEqualTo(1);
        assertThat(files(root.resolve(".Work"))).isEqualTo(2);
        assertThat(files(root.resolve(".Travel.2026"))).isEqualTo(1);
        assertThat(inode(file(root, 1))).isEqualTo(inode(file(allMail, 1)));
        assertThat(inode(file(root.resolve(".Work"), 1))).isEqualTo(inode(file(allMail, 1)));
        assertThat(inode(file(root.resolve(".Work"), 2))).isEqualTo(inode(file(allMail, 2)));
        assertThat(inode(file(root.resolve(".Travel.2026"), 2))).isEqualTo(inode(file(allMail, 2)));
        assertThat(index).contains("\"labels\":[\"\\\\Inbox\",\"Work\"]").contains("\"labels\":[\"Travel/2026\",\"Work\"]")
                .contains("\"labels\":[]");
    }

    @Test
    @Order(2)
    void mboxBackupShouldKeepTheLabelsInTheGmailIndex() throws Exception {
        MailferryCli.Result r = backup("mbox");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(E2eSupport.totals(r.out()).path("copied").asLong()).as("each message once").isEqualTo(5);
        Path root = work.resolve("mbox");
        String index = Files.readString(root.resolve("[Gmail]").resolve("All Mail.mbox.gmail.jsonl"));
        assertThat(index).contains("\"labels\":[\"\\\\Inbox\",\"Work\"]").contains("\"labels\":[\"Travel/2026\",\"Work\"]");
        try (Stream<Path> s = Files.walk(root)) {
            assertThat(s.filter(p -> p.toString().endsWith(".mbox")).map(p -> root.relativize(p).toString()).sorted())
                    .containsExactly("[Gmail]/All Mail.mbox", "[Gmail]/Spam.mbox", "[Gmail]/Trash.mbox");
        }
    }

    private MailferryCli.Result restore(String format, String uri, String user, String... more) throws Exception {
        return E2eSupport.cli(work.resolve("state-restore-" + user)).run(args("restore", "--from",
                format + ":" + work.resolve(format), "--target", uri, "--password-file",
                server.passwordFile(user).toString(), "--trust-cert", server.cert().toString(), "--json", more));
    }

    /** Every restored message has the bytes, flags and INTERNALDATE of a message of the original's All Mail, Spam or Trash. */
    private void assertExact(ImapSnapshot restored) {
        Map<String, ImapSnapshot.SnapshotMessage> bySha = new java.util.HashMap<>();
        for (String f : List.of(GmailEmulation.ALL_MAIL, GmailEmulation.SPAM, GmailEmulation.TRASH)) {
            original.inFolder(f).forEach(m -> bySha.put(m.sha256(), m));
        }
        assertThat(restored.messages()).isNotEmpty();
        for (ImapSnapshot.SnapshotMessage m : restored.messages()) {
            ImapSnapshot.SnapshotMessage o = bySha.get(m.sha256());
            assertThat(o).as("restored %s in %s", m.describe(), m.folder()).isNotNull();
            assertThat(m.flags()).as(m.folder()).isEqualTo(o.flags());
            assertThat(m.internalDate()).as(m.folder()).isEqualTo(o.internalDate());
        }
    }

    private static List<String> subjects(ImapSnapshot s, String folder, ImapSnapshot original) throws Exception {
        Map<String, String> body = new java.util.HashMap<>();
        for (int n = 1; n <= 5; n++) {
            body.put(org.mailferry.archive.Sha256.of(new java.io.ByteArrayInputStream(message(n))), "m" + n);
        }
        return s.inFolder(folder).stream().map(m -> body.getOrDefault(m.sha256(), "?")).sorted().toList();
    }

    @Test
    @Order(3)
    void restoreIntoAPlainServerShouldMakeAFolderOfEachLabel() throws Exception {
        MailferryCli.Result r = restore("maildir", E2eSupport.imaps(server, PLAIN), PLAIN);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Gmail label Work restored as the folder Work (--labels folders)");
        ImapSnapshot s = ImapSnapshot.take(server, PLAIN);
        assertThat(subjects(s, "INBOX", original)).containsExactly("m1");
        assertThat(subjects(s, "Work", original)).containsExactly("m1", "m2");
        assertThat(subjects(s, "Travel/2026", original)).containsExactly("m2");
        assertThat(subjects(s, GmailEmulation.ALL_MAIL, original)).as("only what has no label").containsExactly("m3");
        assertThat(subjects(s, "Junk", original)).containsExactly("m4");
        assertThat(subjects(s, "Trash", original)).containsExactly("m5");
        assertExact(s);
    }

    @Test
    @Order(4)
    void restoreWithLabelsPrimaryShouldPutEachMessageInItsFirstLabelOnly() throws Exception {
        MailferryCli.Result r = restore("mbox", E2eSupport.imaps(server, PRIMARY), PRIMARY, "--labels", "primary");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("--labels primary");
        ImapSnapshot s = ImapSnapshot.take(server, PRIMARY);
        assertThat(subjects(s, "INBOX", original)).containsExactly("m1");
        assertThat(subjects(s, "Travel/2026", original)).containsExactly("m2");
        assertThat(subjects(s, "Work", original)).isEmpty();
        assertThat(subjects(s, GmailEmulation.ALL_MAIL, original)).containsExactly("m3");
        assertThat(s.messages()).hasSize(5);
        assertExact(s);
    }

    @Test
    @Order(5)
    void restoreIntoGmailShouldAppendEachMessageOnceAndSetItsLabels() throws Exception {
        MailferryCli.Result r = restore("maildir", gmailTarget.uri(), GMAIL_TARGET, "--insecure");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("STORE +X-GM-LABELS");
        assertThat(E2eSupport.totals(r.out()).path("copied").asLong()).as("each message appended once").isEqualTo(5);
        ImapSnapshot s = ImapSnapshot.take(server, GMAIL_TARGET);
        assertThat(subjects(s, GmailEmulation.ALL_MAIL, original)).containsExactly("m1", "m2", "m3");
        assertThat(subjects(s, "INBOX", original)).containsExactly("m1");
        assertThat(subjects(s, "Work", original)).containsExactly("m1", "m2");
        assertThat(subjects(s, "Travel/2026", original)).containsExactly("m2");
        assertThat(subjects(s, GmailEmulation.SPAM, original)).containsExactly("m4");
        assertThat(subjects(s, GmailEmulation.TRASH, original)).containsExactly("m5");
        assertExact(s);
    }

    @Test
    @Order(6)
    void anIncrementalBackupShouldSeeLabelChanges() throws Exception {
        gmail.changeLabel(GmailEmulation.ALL_MAIL, "<m3@example.org>", '+', "Later");
        gmail.changeLabel(GmailEmulation.ALL_MAIL, "<m1@example.org>", '-', "Work");
        MailferryCli.Result r = backup("maildir");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(E2eSupport.totals(r.out()).path("copied").asLong()).isZero();
        assertThat(E2eSupport.totals(r.out()).path("flagUpdates").asLong()).isEqualTo(2);
        Path root = work.resolve("maildir");
        Path allMail = root.resolve(".[Gmail].All Mail");
        assertThat(inode(file(root.resolve(".Later"), 3))).isEqualTo(inode(file(allMail, 3)));
        assertThat(files(root.resolve(".Work"))).as("m1 lost the label Work").isEqualTo(1);
        assertThat(inode(file(root.resolve(".Work"), 2))).isEqualTo(inode(file(allMail, 2)));
        MailferryCli.Result m = backup("mbox");
        assertThat(m.exitCode()).as(m.toString()).isZero();
        assertThat(Files.readString(work.resolve("mbox").resolve("[Gmail]").resolve("All Mail.mbox.gmail.jsonl")))
                .contains("\"labels\":[\"Later\"]").contains("\"uid\":1,").contains("\"labels\":[\"\\\\Inbox\"]");
    }

    @Test
    @Order(7)
    void migrateFromGmailIntoAPlainServerShouldMakeAFolderOfEachLabel() throws Exception {
        MailferryCli.Result r = E2eSupport.cli(work.resolve("state-migrate")).run(args("migrate", "--source",
                gmail.uri(), "--target", E2eSupport.imaps(server, MIGRATED), "--password-file",
                server.passwordFile(GMAIL).toString(), "--insecure", "--target-password-file",
                server.passwordFile(MIGRATED).toString(), "--json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Gmail label Work restored as the folder Work (--labels folders)");
        ImapSnapshot now = ImapSnapshot.take(server, GMAIL);
        ImapSnapshot s = ImapSnapshot.take(server, MIGRATED);
        // the labels as they are after the incremental test: m1 \Inbox; m2 Travel/2026, Work; m3 Later
        assertThat(subjects(s, "INBOX", now)).containsExactly("m1");
        assertThat(subjects(s, "Work", now)).containsExactly("m2");
        assertThat(subjects(s, "Travel/2026", now)).containsExactly("m2");
        assertThat(subjects(s, "Later", now)).containsExactly("m3");
        assertThat(subjects(s, GmailEmulation.ALL_MAIL, now)).isEmpty();
        assertThat(subjects(s, "Junk", now)).containsExactly("m4");
        assertThat(subjects(s, "Trash", now)).containsExactly("m5");
        assertExact(s);
    }

    @Test
    @Order(8)
    void theMaildirArchiveShouldVerifyAndDovecotShouldServeEveryLabelAsAFolder() throws Exception {
        Path root = work.resolve("maildir");
        MailferryCli.Result v = E2eSupport.cli(work.resolve("state-verify")).run(args("verify", "maildir:" + root));
        assertThat(v.exitCode()).as(v.toString()).isZero();
        String served = server.serveMaildir("gmailserved" + ProcessHandle.current().pid(), root);
        ImapSnapshot s = ImapSnapshot.take(server, served);
        assertThat(subjects(s, "INBOX", original)).containsExactly("m1");
        assertThat(subjects(s, "Work", original)).containsExactly("m2");
        assertThat(subjects(s, "Later", original)).containsExactly("m3");
        assertThat(subjects(s, GmailEmulation.ALL_MAIL, original)).containsExactly("m1", "m2", "m3");
        assertExact(s);
    }
}
