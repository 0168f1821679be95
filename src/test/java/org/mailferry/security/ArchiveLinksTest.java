package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Issue 13, item 1 beyond a message file: links and FIFOs in the places an archive keeps its own
 * files (a folder's directory, its sidecars, the manifest) are refused, naming the path, and never
 * read or written through: a backup into an archive with planted links writes nothing outside it,
 * and nothing of the file a link names reaches an error message.
 */
class ArchiveLinksTest {

    private static final String USER = TestImapServer.user(54);
    /** The first word of the file the links point at: a JSON parse error would quote it. */
    private static final String PRIVATE = "Private7c1e";

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path dir;

    private Path outside;
    private Path victim;

    private String[] login() {
        return new String[] {"--trust-cert", server.cert().toString(), "--password-file",
                server.passwordFile(USER).toString(), "--state-dir", dir.resolve("state").toString(), "--no-progress"};
    }

    private String imaps() {
        return "imaps://" + USER + "@127.0.0.1:" + server.imapsPort();
    }

    private static String[] with(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private void outsideFiles() throws Exception {
        outside = Files.createDirectories(dir.resolve("outside"));
        victim = Files.writeString(outside.resolve("victim"), PRIVATE + " content\n");
    }

    /** A Maildir backup of the test account (INBOX, Archive, Sent, ...). */
    private Path backup(String name) throws Exception {
        Path archive = dir.resolve(name);
        CliRun r = CliRun.of(with(new String[] {"backup", "--source", imaps(), "--to", "maildir:" + archive}, login()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return archive;
    }

    private void fillAccount() {
        server.resetUser(USER);
        server.fillCorpus(USER, "demo", 13, "--messages", "6");
    }

    @Test
    void aLinkedFolderDirectoryShouldBeRefusedByVerifyAndRestoreWhileTheOtherFoldersGoOn() throws Exception {
        fillAccount();
        outsideFiles();
        Path archive = backup("a");
        Path moved = outside.resolve("Archive");
        Files.move(archive.resolve(".Archive"), moved);
        Files.createSymbolicLink(archive.resolve(".Archive"), moved);

        CliRun verify = CliRun.of("verify", "maildir:" + archive);
        server.resetUser(USER);
        CliRun restore = CliRun.of(with(new String[] {"restore", "--from", "maildir:" + archive, "--target", imaps()}, login()));

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(14);
        assertThat(verify.all()).contains("refused " + archive.resolve(".Archive"), "symbolic link");
        assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(14);
        assertThat(restore.out()).contains("refused " + archive.resolve(".Archive"));
        ImapSnapshot target = ImapSnapshot.take(server, USER);
        assertThat(target.inFolder("INBOX")).as("the other folders are restored").isNotEmpty();
        assertThat(target.inFolder("Archive")).as("nothing read through the link").isEmpty();
    }

    @Test
    void linkedSidecarsAndManifestShouldBeRefusedWithoutQuotingWhatTheyPointAt() throws Exception {
        fillAccount();
        outsideFiles();
        Path archive = backup("a");
        for (String sidecar : List.of("mailferry-checksums.jsonl", ".Sent/mailferry-folder.json", "mailferry-manifest.json")) {
            Path copy = dir.resolve("copy-" + sidecar.replace('/', '_'));
            new ProcessBuilder("cp", "-a", archive.toString(), copy.toString()).start().waitFor();
            Files.delete(copy.resolve(sidecar));
            Files.createSymbolicLink(copy.resolve(sidecar), victim);

            CliRun verify = CliRun.of("verify", "maildir:" + copy);
            // search reads neither the manifest nor the checksum log (its listing checks no message)
            List<CliRun> runs = sidecar.endsWith("manifest.json") || sidecar.equals("mailferry-checksums.jsonl")
                    ? List.of(verify) : List.of(verify, CliRun.of("search", "maildir:" + copy, "--text", "content"));

            for (CliRun r : runs) {
                assertThat(r.exitCode()).as(sidecar + ": " + r).isEqualTo(14);
                assertThat(r.all()).as(sidecar).contains(copy.resolve(sidecar).toString(), "symbolic link")
                        .doesNotContain(PRIVATE);
            }
        }
    }

    @Test
    void aFifoInPlaceOfASidecarShouldBeRefusedNotWaitedOn() throws Exception {
        fillAccount();
        Path archive = backup("a");
        Path log = archive.resolve("mailferry-checksums.jsonl");
        Files.delete(log);
        assertThat(new ProcessBuilder("mkfifo", log.toString()).start().waitFor()).isZero();

        CliRun verify = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.of("verify", "maildir:" + archive));

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(14);
        assertThat(verify.all()).contains(log.toString(), "FIFO");
    }

    @Test
    void aBackupShouldNotWriteThroughLinksPlantedInTheArchive() throws Exception {
        fillAccount();
        outsideFiles();
        Path maildir = Files.createDirectories(dir.resolve("planted"));
        Files.createSymbolicLink(maildir.resolve(".Archive"), Files.createDirectories(outside.resolve("ArchiveDir")));
        Files.createDirectories(maildir.resolve(".Sent"));
        Files.createSymbolicLink(maildir.resolve(".Sent/mailferry-folder.json.new"), victim);
        Path mbox = Files.createDirectories(dir.resolve("planted-mbox"));
        Files.createSymbolicLink(mbox.resolve("Work"), Files.createDirectories(outside.resolve("WorkDir")));
        Files.createSymbolicLink(mbox.resolve("Sent.mbox.index"), victim);

        CliRun toMaildir = CliRun.of(with(new String[] {"backup", "--source", imaps(), "--to", "maildir:" + maildir}, login()));
        CliRun toMbox = CliRun.of(with(new String[] {"backup", "--source", imaps(), "--to", "mbox:" + mbox}, login()));

        assertThat(toMaildir.exitCode()).as(toMaildir.toString()).isEqualTo(14);
        assertThat(toMaildir.out()).contains("refused " + maildir.resolve(".Archive"));
        assertThat(toMbox.exitCode()).as(toMbox.toString()).isEqualTo(14);
        assertThat(toMbox.out()).contains("refused " + mbox.resolve("Work"));
        try (var files = Files.walk(outside)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing written outside").containsExactly(victim);
        }
        assertThat(Files.readString(victim)).isEqualTo(PRIVATE + " content\n");
        assertThat(maildir.resolve("cur")).as("the other folders are backed up").isNotEmptyDirectory();
        assertThat(toMaildir.all() + toMbox.all()).doesNotContain(PRIVATE);
    }

    @Test
    void aLineFeedInAnArchivePathShouldForgeNoLineInTheErrorsThatNameIt() {
        Path evil = Path.of("/backups/alice/.Evil\nERROR forged line/cur/1:2,S");
        for (String message : List.of(org.mailferry.archive.ArchiveFiles.refused(evil, "a symbolic link").getMessage(),
                org.mailferry.archive.ArchiveErrors.write(evil, new java.io.IOException("File name too long")).getMessage(),
                org.mailferry.archive.ArchiveErrors.read(evil, new java.io.IOException("Input/output error")).getMessage())) {
            assertThat(message).doesNotContain("\n").contains(".Evil\\nERROR forged line/cur/1:2,S");
        }
    }
}
