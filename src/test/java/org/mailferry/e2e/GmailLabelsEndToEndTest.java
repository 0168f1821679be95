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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.GmailEmulation;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Gmail's labels through the CLI, against the X-GM-EXT-1 emulation in front of Dovecot
 * ({@link GmailEmulation}): a backup reads each message once and keeps its labels (Maildir: one
 * file, hard links in the label folders; mbox: the Gmail index), an incremental run sees a label
 * change, and restores put the labels back: as folders (or only the first label) into a plain
 * Dovecot, as labels into an emulated Gmail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GmailLabelsEndToEndTest {

    private static final String GMAIL = TestImapServer.user(15);
    private static final String PLAIN = TestImapServer.user(16);
    private static final String PRIMARY = TestImapServer.user(17);
    private static final String GMAIL_TARGET = TestImapServer.user(27);

    private final TestImapServer server = TestImapServer.get();
    private GmailEmulation gmail;

    @TempDir
    static Path work;

    static byte[] message(int n) {
        return ("From: a" + n + "@example.org\r\nTo: b@example.org\r\nSubject: message " + n + "\r\nMessage-ID: <m" + n
                + "@example.org>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nbody " + n + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @BeforeAll
    void fillTheEmulatedGmail() throws Exception {
        for (String u : List.of(GMAIL, PLAIN, PRIMARY, GMAIL_TARGET)) {
            server.resetUser(u);
        }
        gmail = new GmailEmulation(server, GMAIL);
        gmail.addMessage(GmailEmulation.ALL_MAIL, message(1), "\\Seen", "03-Mar-2026 10:00:01 +0000", "\\Inbox", "Work");
        gmail.addMessage(GmailEmulation.ALL_MAIL, message(2), "\\Flagged", "04-Mar-2026 11:00:02 +0000", "Work", "Travel/2026");
        gmail.addMessage(GmailEmulation.ALL_MAIL, message(3), "\\Seen \\Answered", "05-Mar-2026 12:00:03 +0000");
        gmail.addMessage(GmailEmulation.SPAM, message(4), "", "06-Mar-2026 13:00:04 +0000");
        gmail.addMessage(GmailEmulation.TRASH, message(5), "\\Seen", "07-Mar-2026 14:00:05 +0000");
    }

    @AfterAll
    void stop() throws Exception {
        gmail.close();
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
    void maildirBackupShouldStoreEachMessageOnceWithHardLinksPerLabel() throws Exception {
        MailferryCli.Result r = backup("maildir");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path root = work.resolve("maildir");
        Path allMail = root.resolve(".[Gmail].All Mail");
        assertThat(files(allMail)).isEqualTo(3);
        assertThat(files(root.resolve(".[Gmail].Spam"))).isEqualTo(1);
        assertThat(files(root.resolve(".[Gmail].Trash"))).isEqualTo(1);
        String index = Files.readString(allMail.resolve("mailferry-gmail.jsonl"));
        assertThat(files(root)).as("INBOX: the one message labelled \\Inbox; " + index + java.util.Arrays.toString(root.resolve("cur").toFile().list()) + java.util.Arrays.toString(root.toFile().list())).as(r.out()).isEqualTo(1);
        assertThat(files(root.resolve(".Work"))).isEqualTo(2);
        assertThat(files(root.resolve(".Travel.2026"))).isEqualTo(1);
        assertThat(inode(file(root, 1))).isEqualTo(inode(file(allMail, 1)));
        assertThat(inode(file(root.resolve(".Work"), 1))).isEqualTo(inode(file(allMail, 1)));
        assertThat(inode(file(root.resolve(".Work"), 2))).isEqualTo(inode(file(allMail, 2)));
        assertThat(inode(file(root.resolve(".Travel.2026"), 2))).isEqualTo(inode(file(allMail, 2)));
        assertThat(index).contains("\"labels\":[\"\\\\Inbox\",\"Work\"]").contains("\"labels\":[\"Travel/2026\",\"Work\"]")
                .contains("\"labels\":[]");
    }
}
