package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.ManifestFolder;
import org.mailferry.testing.InProcessCli;
import org.mailferry.testing.InProcessCli.Result;
import org.mailferry.testing.ScriptedMailboxServer;

/**
 * Folders whose names coincide once decoded, and names longer than a file system holds: every
 * folder the server lists is archived once, under its own name, and restores under it.
 */
class FolderNameCollisionTest {

    /** Names that collide when empty segments are dropped or segments joined with "/" (delimiter "."). */
    private static final List<String> COLLIDING = List.of("A.B", "A/B", "a..b", "a.b", ".x", "x", "p.q/r", "p/q.r");

    @TempDir
    Path tmp;

    private Result mailferry(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", tmp.resolve("state").toString(), "--password-file",
                InProcessCli.passwordFile(tmp, "secret").toString(), "--no-progress",
                "--insecure")); // a plain scripted server: clear text allowed on purpose
        return InProcessCli.run(all);
    }

    private static String uri(ScriptedMailboxServer server) {
        return "imap://alice@127.0.0.1:" + server.port() + "?starttls=none";
    }

    private static byte[] message(String folder) {
        return ("From: a@example.org\r\nSubject: " + folder + "\r\nMessage-ID: <" + folder.hashCode()
                + "@example.org>\r\n\r\nI live in " + folder + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ScriptedMailboxServer serverWith(List<String> names) throws Exception {
        ScriptedMailboxServer server = new ScriptedMailboxServer('.', "((\"\" \".\")) NIL NIL");
        for (String n : names) {
            server.folder(n, message(n));
        }
        return server;
    }

    /** The Subject of every message in the archive: each names the folder it was sent from. */
    private static List<String> subjects(Path archive) throws Exception {
        try (Stream<Path> files = Files.walk(archive)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".mbox") || f.getParent().getFileName().toString().equals("cur")) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        if (line.startsWith("Subject: ")) {
                            out.add(line.substring(9));
                        }
                    }
                }
            }
            return out.stream().sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void foldersWhoseNamesCoincideShouldEachBeArchivedAndRestoredUnderTheirOwnName(String kind) throws Exception {
        Path archive = tmp.resolve("archive");
        try (ScriptedMailboxServer source = serverWith(COLLIDING)) {
            Result backup = mailferry("backup", "--source", uri(source), "--to", kind + ":" + archive);

            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(backup.out()).contains("9 folders");
            assertThat(subjects(archive)).containsExactlyInAnyOrderElementsOf(COLLIDING);
            ArchiveManifest manifest = ArchiveManifest.read(archive).orElseThrow();
            assertThat(manifest.version()).isEqualTo(2);
            assertThat(manifest.folders()).extracting(ManifestFolder::sourceName).containsAll(COLLIDING);
            assertThat(manifest.folders()).extracting(ManifestFolder::location).doesNotHaveDuplicates();
        }
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('.', "((\"\" \".\")) NIL NIL")) {
            Result restore = mailferry("restore", "--from", kind + ":" + archive, "--target", uri(target));

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            Set<String> names = target.folderNames();
            assertThat(names).contains("A.B", "a..b", "a.b", ".x", "x");
            for (String n : COLLIDING) {
                long holding = names.stream().filter(t -> target.messages(t).stream()
                        .anyMatch(m -> new String(m.body(), StandardCharsets.UTF_8).contains("Subject: " + n + "\r\n")))
                        .count();
                assertThat(holding).as("target folders holding the message of " + n).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void aTreeDeeperThanTheFileNameLimitShouldBeArchivedWithShortenedNames(String kind) throws Exception {
        String level = "Очень длинное название папки";
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder(level);
        for (int depth = 1; depth <= 6; depth++) {
            names.add(name.toString());
            name.append('.').append(level).append(' ').append(depth + 1);
        }
        Path archive = tmp.resolve("archive");
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('.', "((\"\" \".\")) NIL NIL")) {
            for (String n : names) {
                source.folder(org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder.encode(n), message(n));
            }
            Result backup = mailferry("backup", "--source", uri(source), "--to", kind + ":" + archive);

            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(subjects(archive)).containsExactlyInAnyOrderElementsOf(names);
            try (Stream<Path> all = Files.walk(archive)) {
                assertThat(all.map(p -> p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length))
                        .allMatch(n -> n <= 255);
            }
        }
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('.', "((\"\" \".\")) NIL NIL")) {
            Result restore = mailferry("restore", "--from", kind + ":" + archive, "--target", uri(target));

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(target.folderNames()).containsAll(names.stream()
                    .map(org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder::encode).toList());
        }
    }

    @Test
    void sharedAndOtherUsersFoldersShouldBeLeftOutUnlessIncludeShared() throws Exception {
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('/',
                "((\"\" \"/\")) ((\"Other Users/\" \"/\")) ((\"Shared/\" \"/\"))")) {
            for (String n : List.of("mine", "Other Users/bob/INBOX", "Shared/team")) {
                source.folder(n, message(n));
            }
            Path mine = tmp.resolve("mine");
            Result backup = mailferry("backup", "--source", uri(source), "--to", "maildir:" + mine);

            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(subjects(mine)).containsExactly("mine");

            Path all = tmp.resolve("all");
            Result shared = mailferry("backup", "--source", uri(source), "--to", "maildir:" + all, "--include-shared");

            assertThat(shared.exitCode()).as(shared.toString()).isZero();
            assertThat(subjects(all)).containsExactlyInAnyOrder("mine", "Other Users/bob/INBOX", "Shared/team");
            assertThat(Files.exists(all.resolve(".Shared.team"))).isTrue();
        }
    }

    @Test
    void aFolderTheArchiveCannotWriteShouldFailAloneWithExitCode3() throws Exception {
        // a file where the mbox directory of folder "blocked" must go
        Path archive = tmp.resolve("archive");
        Files.createDirectories(archive);
        Files.writeString(archive.resolve("blocked"), "not a directory");
        try (ScriptedMailboxServer source = serverWith(List.of("blocked.child", "fine"))) {
            Result backup = mailferry("backup", "--source", uri(source), "--to", "mbox:" + archive);

            assertThat(backup.exitCode()).as(backup.toString()).isEqualTo(3);
            assertThat(subjects(archive)).contains("fine").doesNotContain("blocked.child");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void foldersThatCoincideOnceThePersonalPrefixIsRemovedShouldEachBeArchivedOnce(String kind) throws Exception {
        List<String> names = List.of("INBOX", "INBOX.INBOX", "INBOX.inbox", "INBOX.Foo", "Foo", "INBOX.Sent");
        String ns = "((\"INBOX.\" \".\")) NIL NIL";
        Path archive = tmp.resolve("archive");
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('.', ns)) {
            for (String n : names) {
                source.folder(n, message(n));
            }
            Result backup = mailferry("backup", "--source", uri(source), "--to", kind + ":" + archive);

            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(backup.out()).contains("6 folders");
            assertThat(subjects(archive)).containsExactlyInAnyOrderElementsOf(names);
        }
        try (ScriptedMailboxServer target = new ScriptedMailboxServer('.', ns)) {
            Result restore = mailferry("restore", "--from", kind + ":" + archive, "--target", uri(target));

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(target.messages("INBOX")).singleElement().satisfies(m ->
                    assertThat(new String(m.body(), StandardCharsets.UTF_8)).contains("Subject: INBOX\r\n"));
            assertThat(target.messages("INBOX.Sent")).hasSize(1);
            for (String n : names) {
                assertThat(target.folderNames().stream().filter(t -> target.messages(t).stream()
                        .anyMatch(m -> new String(m.body(), StandardCharsets.UTF_8).contains("Subject: " + n + "\r\n")))
                        .count()).as("target folders holding the message of " + n).isEqualTo(1);
            }
        }
    }

    @Test
    void foldersUnderInboxInAnotherCaseShouldEachBeArchivedOnce() throws Exception {
        List<String> names = List.of("INBOX", "INBOX/x", "Inbox/x", "inbox/x");
        Path archive = tmp.resolve("archive");
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('/', "((\"\" \"/\")) NIL NIL")) {
            for (String n : names) {
                source.folder(n, message(n));
            }
            Result backup = mailferry("backup", "--source", uri(source), "--to", "maildir:" + archive);

            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(backup.out()).contains("4 folders");
            assertThat(subjects(archive)).containsExactlyInAnyOrderElementsOf(names);
        }
    }
}
