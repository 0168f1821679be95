package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.DirectoryCopy;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * The archive's self-check when the archive's own records are what was damaged (issue 18): a
 * lost, cut or garbled checksum log, mbox index, manifest or Gmail label sidecar, an mbox damaged
 * in the middle, and the empty folders of a compressed mbox. Each rerun of the backup ends with
 * the archive equal to the server and says what it repaired. Users 62 and 64.
 */
class ArchiveSelfCheckEndToEndTest {

    private static final String USER = TestImapServer.user(62);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    /** Whether USER holds the corpus as filled: tests damage archives, not the mailbox, so it is filled once. */
    private static boolean pristine;

    @BeforeEach
    void fill() {
        if (pristine) {
            return;
        }
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 18, "--messages", "60", "--megabytes", "1");
        pristine = true;
        FIRST_BACKUPS.clear(); // they hold the mailbox as it was before
    }

    /** The first backups of the filled mailbox, with the job database that made them, by format and compression. */
    @TempDir
    static Path firstBackups;

    private static final java.util.Set<String> FIRST_BACKUPS = new java.util.HashSet<>();

    /**
     * A directory holding {@code archive/} and {@code state/} as the first backup of the filled
     * mailbox to {@code format:DIR/archive} with {@code compression} left them. The backup runs once
     * per format and compression (its result kept aside); each test gets it copied back to the same
     * path, so the archive and the job database that knows it are as a fresh backup left them.
     */
    private Path firstBackup(String format, String compression) throws IOException, InterruptedException {
        String key = format + "-" + (compression.isEmpty() ? "none" : compression);
        Path dir = firstBackups.resolve(key).resolve("run");
        Path kept = firstBackups.resolve(key).resolve("kept");
        delete(dir);
        if (FIRST_BACKUPS.contains(key)) {
            DirectoryCopy.copy(kept, dir);
        } else {
            delete(kept);
            MailferryCli.Result first = E2eSupport.cli(dir).run(backup(format + ":" + dir.resolve("archive"), compression));
            assertThat(first.exitCode()).as(first.toString()).isZero();
            DirectoryCopy.copy(dir, kept);
            FIRST_BACKUPS.add(key);
        }
        return dir;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "garbage line"}) // a log cut short is the "lacks lines" case of both
    void backupShouldFetchAgainAFileDeletedWhenTheChecksumLogIsAlsoDamaged(String logDamage) throws Exception {
        Path dir = firstBackup("maildir", "");
        Path archive = dir.resolve("archive");
        String target = "maildir:" + archive;
        String[] backup = backup(target);
        MailferryCli cli = E2eSupport.cli(dir);
        Path log = archive.resolve("mailferry-checksums.jsonl");
        switch (logDamage) {
            case "deleted" -> Files.delete(log);
            default -> Files.writeString(log, "{\"uid\":garbage\n", StandardOpenOption.APPEND);
        }
        Files.delete(fileOfUid(archive.resolve("cur"), 3)); // below the highest UID: only the log knew it
        Files.write(fileOfUid(archive.resolve("cur"), 5), new byte[0]); // its name's S= still says its size

        MailferryCli.Result repaired = cli.run(backup);
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("note: INBOX: re-fetched 2 damaged or missing messages",
                "the folder is compared with the server");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as("the log is whole again: " + verified).isZero();

        MailferryCli.Result again = cli.run(backup);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("compared with the server").doesNotContain("re-fetched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"From line overwritten", "bytes cut out", "zstd frame overwritten"})
    void backupShouldCutOutMessagesAnMboxDamagedInTheMiddleAndFetchThemAgain(String damage) throws Exception {
        boolean zstd = damage.startsWith("zstd");
        Path dir = firstBackup("mbox", zstd ? "zstd" : "");
        Path archive = dir.resolve("archive");
        String target = "mbox:" + archive;
        String[] backup = backup(target, zstd ? "zstd" : "");
        MailferryCli cli = E2eSupport.cli(dir);
        Path mbox = archive.resolve(zstd ? "INBOX.mbox.zst" : "INBOX.mbox");
        byte[] bytes = Files.readAllBytes(mbox);
        int middle = indexOf(bytes, zstd ? new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd} : "\nFrom ".getBytes(),
                bytes.length / 2) + (zstd ? 0 : 1);
        switch (damage) {
            case "bytes cut out" -> {
                byte[] shorter = new byte[bytes.length - 500];
                System.arraycopy(bytes, 0, shorter, 0, middle + 10);
                System.arraycopy(bytes, middle + 510, shorter, middle + 10, bytes.length - middle - 510);
                bytes = shorter;
            }
            default -> bytes[middle] = 'X'; // same length: only the separator (or the frame's magic number) is gone
        }
        Files.write(mbox, bytes);
        long last = ImapSnapshot.take(server, USER).messages().stream().filter(m -> m.folder().equals("INBOX"))
                .mapToLong(ImapSnapshot.SnapshotMessage::uid).max().orElseThrow();
        boolean shifted = damage.equals("bytes cut out"); // every later message is out of place
        if (shifted) {
            pristine = false; // the next test fills the mailbox again
            try (MailboxEditor editor = new MailboxEditor(server, USER)) {
                editor.expunge("INBOX", last); // damaged in the archive and gone from the server: lost, and said so
            }
        }

        MailferryCli.Result repaired = cli.run(backup);
        assertThat(repaired.exitCode()).as(repaired.toString()).isEqualTo(shifted ? 3 : 0);
        assertThat(repaired.out()).contains(mbox.getFileName() + " is damaged from byte", "re-fetched");
        if (shifted) {
            assertThat(repaired.out()).contains("1 of them are no longer on the server", "skipped: INBOX: UID " + last + ": lost");
        } else {
            assertThat(repaired.out()).containsPattern("re-fetched [1-9] damaged"); // its message or unit, not the rest of the file
        }
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        assertThat(archive.resolve(".mailferry-damaged")).isNotEmptyDirectory();
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        MailferryCli.Result again = cli.run(backup);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("damaged").doesNotContain("re-fetched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gzip"})
    void backupShouldCutADamagedMboxIndexBackBeforeTheDamagedLineAndFetchTheRestAgain(String compression) throws Exception {
        Path dir = firstBackup("mbox", compression);
        Path archive = dir.resolve("archive");
        String target = "mbox:" + archive;
        String[] backup = backup(target, compression);
        MailferryCli cli = E2eSupport.cli(dir);
        Path index = archive.resolve("INBOX.mbox.index");
        List<String> lines = Files.readAllLines(index);
        int middle = lines.size() / 2;
        lines.set(middle, "{\"uid\":" + "x".repeat(lines.get(middle).length() - 7) + "}"); // a garbled block, same length
        Files.write(index, lines);

        MailferryCli.Result repaired = cli.run(backup);
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("INBOX.mbox.index line " + (middle + 1) + " is damaged: the index was cut back");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        MailferryCli.Result again = cli.run(backup);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("damaged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "xz"}) // gzip goes the same way (an empty data file is deleted on close)
    void emptyFoldersOfACompressedMboxArchiveShouldBeReadableStreamsOrNoFile(String compression) throws Exception {
        Path dir = firstBackup("mbox", compression);
        Path archive = dir.resolve("archive");
        String target = "mbox:" + archive;
        String[] backup = backup(target, compression);
        MailferryCli cli = E2eSupport.cli(dir);
        assertThat(cli.run(backup).exitCode()).as("a rerun opens the empty folders again").isZero();

        String suffix = compression.equals("gzip") ? ".gz" : compression.equals("zstd") ? ".zst" : ".xz";
        for (String empty : List.of("Drafts", "Junk", "Trash")) {
            assertThat(archive.resolve(empty + ".mbox.index")).exists();
            Path data = archive.resolve(empty + ".mbox" + suffix);
            if (Files.exists(data)) {
                Process p = new ProcessBuilder(compression, "-dc", data.toString()).redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor()).as(compression + " -dc " + data.getFileName() + ": " + said).isZero();
            }
        }
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
    }

    @Test
    void aBackupShouldRewriteAManifestThatNoLongerParsesAndSaySoOnce() throws Exception {
        Path dir = firstBackup("mbox", "");
        Path archive = dir.resolve("archive");
        String target = "mbox:" + archive; // the format is then known from the folders' index files only
        MailferryCli cli = E2eSupport.cli(dir);
        Path manifest = archive.resolve("mailferry-manifest.json");
        Files.writeString(manifest, "{\"format\": \"mailferry-archive-manif");

        MailferryCli.Result rewritten = cli.run(backup(target));
        assertThat(rewritten.exitCode()).as(rewritten.toString()).isZero();
        assertThat(rewritten.err()).containsOnlyOnce("mailferry-manifest.json is damaged");
        assertThat(Files.readString(manifest)).contains("\"source\"");
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void backupShouldReadTheLabelsAgainWhenTheGmailSidecarLostLines(String format) throws Exception {
        String user = TestImapServer.user(64);
        server.resetUser(user);
        try (org.mailferry.testing.GmailEmulation gmail = new org.mailferry.testing.GmailEmulation(server, user)) {
            for (int n = 1; n <= 4; n++) {
                byte[] message = ("From: a" + n + "@example.org\r\nSubject: m" + n + "\r\nMessage-ID: <m" + n
                        + "@example.org>\r\n\r\nbody " + n + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                gmail.addMessage(org.mailferry.testing.GmailEmulation.ALL_MAIL, message, "\\Seen",
                        "03-Mar-2026 10:00:0" + n + " +0000", n % 2 == 0 ? "Work" : "Travel");
            }
            Path archive = work.resolve("archive");
            String[] backup = args("backup", "--source", gmail.uri(), "--to", format + ":" + archive, "--password-file",
                    server.passwordFile(user).toString(), "--insecure");
            MailferryCli cli = E2eSupport.cli(work);
            assertThat(cli.run(backup).exitCode()).isZero();
            Path sidecar;
            try (Stream<Path> s = Files.walk(archive)) {
                sidecar = s.filter(p -> p.getFileName().toString().matches("mailferry-gmail\\.jsonl|.*\\.gmail\\.jsonl"))
                        .findFirst().orElseThrow();
            }
            String full = Files.readString(sidecar);
            List<String> lines = Files.readAllLines(sidecar);
            Files.write(sidecar, lines.subList(0, 2)); // the header and one message: three lost their labels

            MailferryCli.Result repaired = cli.run(backup);
            assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
            assertThat(Files.readString(sidecar)).as(repaired.toString()).contains("Work", "Travel");
            assertThat(Files.readAllLines(sidecar).stream().filter(l -> l.contains("\"labels\"")).count())
                    .isEqualTo(lines.stream().filter(l -> l.contains("\"labels\"")).count()).isEqualTo(4);
            assertThat(full).contains("Work");
            MailferryCli.Result again = cli.run(backup);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).doesNotContain("read again");
        }
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        for (int i = from; i + what.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found after " + from);
    }

    private static Path fileOfUid(Path cur, long uid) throws IOException {
        try (Stream<Path> s = Files.list(cur)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().contains(",U=" + uid + ",")).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "header garbled"})
    void backupShouldSetAsideAnMboxWhoseIndexIsLostAndFetchTheFolderAgain(String damage) throws Exception {
        Path dir = firstBackup("mbox", "");
        Path archive = dir.resolve("archive");
        String target = "mbox:" + archive;
        MailferryCli cli = E2eSupport.cli(dir);
        Path index = archive.resolve("INBOX.mbox.index");
        if (damage.equals("deleted")) {
            Files.delete(index);
        } else {
            Files.writeString(index, "{not json\n", StandardOpenOption.TRUNCATE_EXISTING);
        }

        MailferryCli.Result repaired = cli.run(backup(target));

        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("INBOX.mbox.index is missing or unreadable", "set aside", "fetched again");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        try (Stream<Path> kept = Files.list(archive.resolve(".mailferry-damaged"))) {
            assertThat(kept.map(p -> p.getFileName().toString())).as("the old mbox is kept, not deleted")
                    .anyMatch(n -> n.startsWith("INBOX.mbox.no-index-"));
        }
        MailferryCli.Result again = cli.run(backup(target));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("set aside");
    }

    private String[] backup(String target) {
        return args("backup", "--source", imaps(server, USER), "--to", target, credentials(server, USER));
    }

    private String[] backup(String target, String compression) {
        return compression.isEmpty() ? backup(target) : args(backup(target), "--compress", compression);
    }
}
