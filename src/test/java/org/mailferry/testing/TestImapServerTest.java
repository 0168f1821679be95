package org.mailferry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot.Security;
import org.mailferry.testing.ImapSnapshot.SnapshotMessage;
import org.mailferry.testing.ImapSnapshot.Target;

/**
 * Checks the test infrastructure itself against the real Dovecot: listeners, users with special
 * settings, the nasty corpus, snapshots and serve-maildir. Uses user18..user20, served19, served20,
 * sepdot and small.
 */
class TestImapServerTest {

    private static TestImapServer server;

    @BeforeAll
    static void server() {
        server = TestImapServer.get();
    }

    private static Target imaps(String user) {
        return new Target(server.host(), server.imapsPort(), Security.IMPLICIT_TLS, user, server.password(user),
                server.cert());
    }

    @Test
    void serverAnswersOnAllListeners() throws Exception {
        try (Socket s = new Socket(server.host(), server.imapPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(in.readLine()).startsWith("* OK");
        }
        Store implicit = ImapSnapshot.connect(imaps("user18"));
        assertThat(implicit.isConnected()).isTrue();
        implicit.close();
        Store starttls = ImapSnapshot.connect(new Target(server.host(), server.imapPort(), Security.STARTTLS, "user18",
                server.password("user18"), server.cert()));
        assertThat(starttls.isConnected()).isTrue();
        starttls.close();
        // The wrong-name listener's certificate chains to CERT but names wrong.example.
        assertThatThrownBy(() -> ImapSnapshot.connect(new Target(server.host(), server.imapsWrongNamePort(),
                Security.IMPLICIT_TLS, "user18", server.password("user18"), server.cert())))
                .isInstanceOf(MessagingException.class)
                .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThat(server.wrongNameCert()).exists();
    }

    @Test
    void listShowsInboxAndSpecialUseFolders() throws Exception {
        server.resetUser("user18");
        Store store = ImapSnapshot.connect(imaps("user18"));
        try {
            Folder root = store.getDefaultFolder();
            assertThat(root.getSeparator()).isEqualTo('/');
            List<String> names = new ArrayList<>();
            for (Folder f : root.list("*")) {
                names.add(f.getFullName());
            }
            assertThat(names).contains("INBOX", "Sent", "Trash", "Drafts", "Junk", "Archive");
            assertThat(((IMAPFolder) store.getFolder("Sent")).getAttributes()).contains("\\Sent");
            assertThat(((IMAPFolder) store.getFolder("Trash")).getAttributes()).contains("\\Trash");
        } finally {
            store.close();
        }
        assertThat(ImapSnapshot.take(server, "user18").size()).isZero();
    }

    @Test
    void sepdotUsesDotAsSeparator() throws Exception {
        server.resetUser(TestImapServer.SEPDOT_USER);
        Store store = ImapSnapshot.connect(imaps(TestImapServer.SEPDOT_USER));
        try {
            assertThat(store.getDefaultFolder().getSeparator()).isEqualTo('.');
            Folder child = store.getFolder("Parent.Child");
            assertThat(child.create(Folder.HOLDS_MESSAGES)).isTrue();
            List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
            assertThat(names).contains("Parent.Child");
        } finally {
            store.close();
        }
        assertThat(ImapSnapshot.take(server, TestImapServer.SEPDOT_USER).folders()).contains("Parent/Child");
    }

    @Test
    void smallRejectsAppendOverOneMebibyte() throws Exception {
        server.resetUser(TestImapServer.SMALL_USER);
        Store store = ImapSnapshot.connect(imaps(TestImapServer.SMALL_USER));
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertThatThrownBy(() -> inbox.appendMessages(new Message[] {message(2 * 1024 * 1024)}))
                    .isInstanceOf(MessagingException.class);
            inbox.appendMessages(new Message[] {message(512 * 1024)});
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    private static MimeMessage message(int size) throws MessagingException {
        StringBuilder sb = new StringBuilder("From: a@example.org\r\nSubject: size " + size + "\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (sb.length() < size) {
            sb.append(line);
        }
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nastyCorpusLoadsAndSnapshotSeesEverythingWithoutSettingSeen() {
        String user = "user20";
        server.resetUser(user);
        TestImapServer.CorpusSummary corpus = server.fillCorpus(user, "nasty", 1);

        ImapSnapshot first = ImapSnapshot.take(server, user);
        assertThat(first.folders()).containsAll(corpus.messagesPerFolder().keySet())
                .contains("Données/Été", "日本語", "R&D", "Projects/2026/Q1", "With Spaces In Name");
        assertThat(first.size()).isEqualTo(corpus.messages());
        Map<String, Long> counts = first.countsPerFolder();
        corpus.messagesPerFolder().forEach((folder, n) -> assertThat(counts.get(folder)).as(folder).isEqualTo(n));
        assertThat(first.messages().stream().mapToLong(SnapshotMessage::size).max().orElse(0))
                .isGreaterThan(50L * 1024 * 1024);
        // Flags and keywords arrived; some messages are unread.
        assertThat(first.inFolder("Flags")).hasSize(32);
        assertThat(first.messages()).anySatisfy(m -> assertThat(m.flags()).doesNotContain("\\Seen"));
        assertThat(first.messages()).anySatisfy(m -> assertThat(m.keywords()).contains("$label1", "Work", "NonJunk"));
        assertThat(first.messages()).anySatisfy(m -> assertThat(m.flags())
                .contains("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"));
        // Two byte-identical twins in INBOX.
        assertThat(first.inFolder("INBOX").stream().map(SnapshotMessage::sha256).distinct().count())
                .isEqualTo(first.inFolder("INBOX").size() - 1L);

        // Taking a snapshot changed nothing (BODY.PEEK, EXAMINE): a second one is identical, UIDs too.
        ImapSnapshot second = ImapSnapshot.take(server, user);
        assertThat(ImapSnapshot.diff(first, second)).isEmpty();
        assertThat(second.messages()).containsExactlyInAnyOrderElementsOf(first.messages());

        // ... and the comparison does see a flag change made by a client.
        SnapshotMessage unread = first.inFolder("INBOX").stream()
                .filter(m -> !m.flags().contains("\\Seen")).findFirst().orElseThrow();
        setSeen(user, "INBOX", unread.uid());
        assertThat(ImapSnapshot.diff(first, ImapSnapshot.take(server, user)))
                .containsExactly("INBOX: message differs (expected uid " + unread.uid() + ", actual uid " + unread.uid()
                        + ", sha256=" + unread.sha256().substring(0, 12) + "…): flags " + unread.flags() + " -> "
                        + new java.util.TreeSet<>(concat(unread.flags(), "\\Seen")));
    }

    private static List<String> concat(java.util.Collection<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }

    private static void setSeen(String user, String folderName, long uid) {
        try {
            Store store = ImapSnapshot.connect(imaps(user));
            try {
                IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
                folder.open(Folder.READ_WRITE);
                folder.getMessageByUID(uid).setFlag(jakarta.mail.Flags.Flag.SEEN, true);
                folder.close(false);
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void serveMaildirServesTheSameMessages() {
        String user = "user19";
        server.resetUser(user);
        server.fillCorpus(user, "demo", 3, "--messages", "40");
        ImapSnapshot original = ImapSnapshot.take(server, user);
        assertThat(original.size()).isEqualTo(40);

        String served = server.serveMaildir("served19", server.maildirOf(user));
        ImapSnapshot copy = ImapSnapshot.take(server, served);
        assertThat(ImapSnapshot.diff(original, copy)).isEmpty();

        server.resetUser(user);
        assertThat(ImapSnapshot.take(server, user).size()).isZero();
        assertThat(ImapSnapshot.diff(original, ImapSnapshot.take(server, user))).isNotEmpty();
    }

    @Test
    void snapshotSeesNewBytesWhenAWipedAccountGetsItsOldUidValidityBack(@TempDir Path tree) throws Exception {
        String first = servedWithUidValidity4242(tree, "Subject: one\r\n\r\nfirst\r\n");
        String second = servedWithUidValidity4242(tree, "Subject: two\r\n\r\nthird\r\n");
        assertThat(first).isNotEqualTo(second);
    }

    /** Serves {@code message} as UID 1 of INBOX, UIDVALIDITY 4242, and returns its hash as snapshot. */
    private static String servedWithUidValidity4242(Path tree, String message) throws Exception {
        Files.createDirectories(tree.resolve("cur"));
        Files.createDirectories(tree.resolve("new"));
        Files.createDirectories(tree.resolve("tmp"));
        Files.writeString(tree.resolve("dovecot-uidlist"), "3 V4242 N2\n1 :1600000000.M1P1.test\n");
        Path file = tree.resolve("cur/1600000000.M1P1.test:2,");
        Files.writeString(file, message, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        String user = server.serveMaildir("served20", tree);
        List<SnapshotMessage> messages = ImapSnapshot.take(server, user).messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).uid()).isEqualTo(1);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.US_ASCII));
        assertThat(messages.get(0).sha256()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        return messages.get(0).sha256();
    }
}
