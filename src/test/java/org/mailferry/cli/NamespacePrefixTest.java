package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.InProcessCli;
import org.mailferry.testing.InProcessCli.Result;
import org.mailferry.testing.ImapSnapshot.Security;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.ImapSnapshot.Target;
import org.mailferry.testing.TestImapServer;

/**
 * A personal namespace prefix ({@code NAMESPACE (("INBOX." "."))}, Cyrus and Courier style), on
 * Dovecot's {@code nsprefix} user: backups name folders without the prefix, restores and migrations
 * add it back, special-use roles still map, and {@code check} shows the namespace.
 */
class NamespacePrefixTest {

    private static final String PREFIXED = TestImapServer.NSPREFIX_USER;
    private static final String PLAIN = TestImapServer.user(35);
    private static final String PLAIN_TARGET = TestImapServer.user(36);

    private static TestImapServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        server = TestImapServer.get();
    }

    private Result mailferry(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", tmp.resolve("state").toString()));
        return InProcessCli.run(all);
    }

    private static String uri(String user) {
        return "imaps://" + user + "@" + server.host() + ":" + server.imapsPort();
    }

    private static Target target(String user) {
        return new Target(server.host(), server.imapsPort(), Security.IMPLICIT_TLS, user, server.password(user),
                server.cert());
    }

    /** Puts one message into each folder (created when missing), by its full server name. */
    private static void seed(String user, String... fullNames) throws Exception {
        Store store = ImapSnapshot.connect(target(user));
        try {
            for (String name : fullNames) {
                Folder f = store.getFolder(name);
                if (!f.exists()) {
                    assertThat(f.create(Folder.HOLDS_MESSAGES)).as("create " + name).isTrue();
                }
                String text = "From: a@example.org\r\nTo: b@example.org\r\nSubject: in " + name
                        + "\r\nMessage-ID: <" + name.hashCode() + "." + user + "@example.org>\r\n\r\nbody of " + name + "\r\n";
                MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()),
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
                f.appendMessages(new Message[] {m});
            }
        } finally {
            store.close();
        }
    }

    /** Full server name of every folder to its message count. */
    private static TreeMap<String, Integer> folders(String user) throws Exception {
        Store store = ImapSnapshot.connect(target(user));
        try {
            TreeMap<String, Integer> out = new TreeMap<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) != 0) {
                    out.put(f.getFullName(), f.getMessageCount());
                }
            }
            return out;
        } finally {
            store.close();
        }
    }

    private String[] login(String user) {
        return new String[] {"--password-file", server.passwordFile(user).toString(), "--trust-cert",
                server.cert().toString()};
    }

    /** {@code VERB FROM_OPTION FROM TO_OPTION TO} with the password of {@code user}. */
    private Result copy(String verb, String fromOption, String from, String toOption, String to, String user) {
        return mailferry(concat(new String[] {verb, fromOption, from, toOption, to, "--no-progress"}, login(user)));
    }

    private static List<String> maildirFolders(Path archive) throws Exception {
        try (var s = Files.list(archive)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && !n.startsWith(".mailferry"))
                    .sorted().toList();
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void backupShouldNameFoldersWithoutThePersonalPrefixAndRestoreShouldAddItBack() throws Exception {
        server.resetUser(PREFIXED);
        seed(PREFIXED, "INBOX", "INBOX.Sent", "INBOX.Projects.2026");
        Path archive = tmp.resolve("backup");

        Result backup = copy("backup", "--source", uri(PREFIXED), "--to", "maildir:" + archive, PREFIXED);

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(maildirFolders(archive)).contains(".Sent", ".Projects.2026")
                .noneMatch(n -> n.startsWith(".INBOX"));
        assertThat(Files.list(archive.resolve("cur")).count()).as("INBOX is the root").isEqualTo(1);

        server.resetUser(PREFIXED);
        Result restore = copy("restore", "--from", "maildir:" + archive, "--target", uri(PREFIXED), PREFIXED);

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(folders(PREFIXED)).containsEntry("INBOX", 1).containsEntry("INBOX.Sent", 1)
                .containsEntry("INBOX.Projects.2026", 1).doesNotContainKey("INBOX.INBOX");
    }

    @Test
    void restoreOfAnUnprefixedArchiveShouldCreateFoldersUnderThePrefixAndMapRoles() throws Exception {
        server.resetUser(PLAIN);
        seed(PLAIN, "INBOX", "Sent", "Projects/2026");
        Path archive = tmp.resolve("plain");
        Result backup = copy("backup", "--source", uri(PLAIN), "--to", "mbox:" + archive, PLAIN);
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        server.resetUser(PREFIXED);
        Result restore = copy("restore", "--from", "mbox:" + archive, "--target", uri(PREFIXED), PREFIXED);

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        TreeMap<String, Integer> restored = folders(PREFIXED);
        assertThat(restored).containsEntry("INBOX", 1).containsEntry("INBOX.Sent", 1)
                .containsEntry("INBOX.Projects.2026", 1);
        assertThat(restored.keySet()).allMatch(n -> n.equals("INBOX") || n.startsWith("INBOX."));
    }

    @Test
    void migrateFromAPrefixedAccountShouldCreateTopLevelFolders() throws Exception {
        server.resetUser(PREFIXED);
        server.resetUser(PLAIN_TARGET);
        seed(PREFIXED, "INBOX", "INBOX.Sent", "INBOX.Projects.2026");

        Result migrate = mailferry(concat(new String[] {"migrate", "--source", uri(PREFIXED), "--target",
                        uri(PLAIN_TARGET), "--no-progress", "--password-file", server.passwordFile(PREFIXED).toString(),
                        "--target-password-file", server.passwordFile(PLAIN_TARGET).toString(), "--trust-cert",
                        server.cert().toString()}));

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(folders(PLAIN_TARGET)).containsEntry("INBOX", 1).containsEntry("Sent", 1)
                .containsEntry("Projects/2026", 1).doesNotContainKeys("INBOX/Sent", "INBOX/Projects/2026");
    }

    @Test
    void checkShouldShowTheNamespace() {
        Result check = mailferry(concat(new String[] {"check", uri(PREFIXED)}, login(PREFIXED)));

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("✓ NAMESPACE: personal \"INBOX.\" \".\"; other users none; shared none",
                "named without the prefix \"INBOX.\"");
    }
}
