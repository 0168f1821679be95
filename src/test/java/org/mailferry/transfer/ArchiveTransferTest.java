package org.mailferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.archive.Compression;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;

class ArchiveTransferTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"alice.tar.zst", "alice.tgz", "alice.tar.xz", "alice.tar"})
    void exportThenImportShouldRestoreNamesBytesMtimesAndPrivatePermissions(String fileName) throws IOException {
        Path archive = maildirArchive();
        Path tar = work.resolve(fileName);

        TransferSummary out = ArchiveExporter.export(archive, tar);
        TransferSummary in = ArchiveImporter.importArchive(tar, work.resolve("restored"));

        assertThat(out.files()).isEqualTo(in.files()).isEqualTo(snapshot(archive).size());
        assertThat(tar.resolveSibling(fileName + ".part")).doesNotExist();
        assertThat(snapshot(work.resolve("restored"))).isEqualTo(snapshot(archive));
        try (Stream<Path> all = Files.walk(work.resolve("restored"))) {
            all.forEach(p -> assertThat(PosixFilePermissions.toString(posix(p))).as(p.toString())
                    .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    @Test
    void gnuTarShouldExtractAZstdExportIntoOneDirectory() throws IOException, InterruptedException {
        Path archive = maildirArchive();
        Path tar = work.resolve("alice.tar.zst");
        ArchiveExporter.export(archive, tar);
        Path by = Files.createDirectories(work.resolve("by-tar"));

        Process p = new ProcessBuilder("tar", "--zstd", "-xf", tar.toString(), "-C", by.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        assertThat(snapshot(by.resolve(archive.getFileName()))).isEqualTo(snapshot(archive));
    }

    @Test
    void importShouldRefuseAnEntryEscapingTheTargetAndLeaveNothing() throws IOException {
        Path tar = work.resolve("evil.tar.gz");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Compression.GZIP.compress(Files.newOutputStream(tar)))) {
            manifest(out, "top");
            entry(out, "top/cur/ok:2,S", "fine");
            entry(out, "top/../../escaped", "evil");
        }

        assertThatThrownBy(() -> ArchiveImporter.importArchive(tar, work.resolve("target")))
                .isInstanceOf(MailferryException.class)
                .hasMessageContaining("top/../../escaped").hasMessageContaining("refused")
                .satisfies(e -> assertThat(((MailferryException) e).exitCode()).isEqualTo(ExitCode.ARCHIVE));
        assertThat(work.resolve("target")).doesNotExist();
        assertThat(work.resolve("escaped")).doesNotExist();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("evil.tar.gz");
        }
    }

    @Test
    void importShouldRefuseLinks() throws IOException {
        Path tar = work.resolve("link.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            manifest(out, "top");
            TarArchiveEntry link = new TarArchiveEntry("top/cur/link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        }

        assertThatThrownBy(() -> ArchiveImporter.importArchive(tar, work.resolve("target")))
                .hasMessageContaining("top/cur/link").hasMessageContaining("link");
    }

    @Test
    void importShouldRefuseATargetThatHoldsFiles() throws IOException {
        Path tar = work.resolve("a.tar.zst");
        ArchiveExporter.export(maildirArchive(), tar);
        Files.createDirectories(work.resolve("full"));
        Files.writeString(work.resolve("full/x"), "x");

        assertThatThrownBy(() -> ArchiveImporter.importArchive(tar, work.resolve("full"))).hasMessageContaining("not empty");
    }

    private Path maildirArchive() {
        Path root = work.resolve("alice");
        try (MaildirStore store = MaildirStore.open(root, true)) {
            for (FolderPath folder : new FolderPath[] {FolderPath.INBOX, FolderPath.of("Projects/2026")}) {
                try (FolderSink sink = store.openSink(FolderInfo.of(folder), folder)) {
                    sink.beginGeneration(9);
                    sink.write(LongStream.rangeClosed(1, 3).mapToObj(uid -> {
                        byte[] b = ("Subject: " + uid + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
                        return new SourceMessage(9, new MessageMeta(uid, b.length,
                                Instant.parse("2019-02-03T04:05:06Z").plusSeconds(uid * 86400), MessageFlags.NONE),
                                new ByteArrayContent(b));
                    }).toList());
                }
            }
            org.mailferry.archive.ArchiveManifest.update(store, "imaps://alice@example.org:993", "test");
        }
        return root;
    }

    /** Relative path of every regular file (but the lock) with its mtime (seconds: INTERNALDATE has no more) and bytes. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.endsWith(".mailferry.lock")).toList()) {
                out.put(root.relativize(p).toString(), Files.getLastModifiedTime(p).toInstant().getEpochSecond() + " "
                        + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> posix(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void importOfAMissingFileShouldBeAUsageErrorNamingIt() {
        Path missing = work.resolve("alice.tar.zst");
        assertThatThrownBy(() -> ArchiveImporter.importArchive(missing, work.resolve("target")))
                .isInstanceOfSatisfying(org.mailferry.error.MailferryException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(org.mailferry.error.ExitCode.USAGE))
                .hasMessageStartingWith("no file " + missing + ": --from names the file written by mailferry export");
        assertThat(work.resolve("target")).doesNotExist();
    }

    private static void entry(TarArchiveOutputStream out, String name, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        out.putArchiveEntry(e);
        out.write(b);
        out.closeArchiveEntry();
    }

    private static void manifest(TarArchiveOutputStream out, String top) throws IOException {
        entry(out, top + "/mailferry-manifest.json", "{\"format\": \"mailferry-archive-manifest\", \"version\": 1}");
    }

    @Test
    void importShouldRefuseAFileThatIsNotAMailferryExport() throws IOException {
        Path junk = work.resolve("junk.tar");
        Files.writeString(junk, "garbage");
        Path plainTar = work.resolve("plain.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(plainTar))) {
            entry(out, "top/cur/1:2,S", "a message");
        }

        for (Path file : List.of(junk, plainTar)) {
            assertThatThrownBy(() -> ArchiveImporter.importArchive(file, work.resolve("target")))
                    .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("is not a mailferry export");
            assertThat(work.resolve("target")).doesNotExist();
        }
    }

    @Test
    void importShouldNameTheOffsetWhereATruncatedExportEnds() throws IOException {
        Path archive = maildirArchive();
        Path tar = work.resolve("alice.tar.gz");
        ArchiveExporter.export(archive, tar);
        Path cut = work.resolve("cut.tar.gz");
        byte[] whole = Files.readAllBytes(tar);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));

        assertImportFailsWithExit14(cut, 0, "is truncated or corrupt at byte", "nothing was imported");
    }

    @Test
    void importShouldStopADecompressionBombAtItsSizeLimit() throws IOException {
        Path bomb = work.resolve("bomb.tar.gz");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Compression.GZIP.compress(Files.newOutputStream(bomb)))) {
            manifest(out, "top");
            TarArchiveEntry e = new TarArchiveEntry("top/cur/zeros:2,S", true);
            e.setSize(300L << 20);
            out.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                out.write(zeros);
            }
            out.closeArchiveEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1L << 20);

        assertThatThrownBy(() -> ArchiveImporter.importArchive(bomb, work.resolve("target")))
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ARCHIVE))
                .hasMessageContaining("would unpack beyond").hasMessageContaining("--max-size");
        assertThat(work.resolve("target")).doesNotExist();
        assertThat(ArchiveImporter.importArchive(bomb, work.resolve("allowed"), 400L << 20).bytes()).isGreaterThan(300L << 20);
    }

    @Test
    void exportShouldRefuseToOverwriteAFileWithoutForce() throws IOException {
        Path archive = maildirArchive();
        Path tar = work.resolve("alice.tar.zst");
        Files.writeString(tar, "precious");

        assertThatThrownBy(() -> ArchiveExporter.export(archive, tar))
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--force");
        assertThat(Files.readString(tar)).isEqualTo("precious");
        assertThat(ArchiveExporter.export(archive, tar, true).files()).isPositive();
    }

    @Test
    void importShouldRefuseASparseEntryWhoseHolesWouldUnpackBeyondItsDeclaredSize() throws IOException, InterruptedException {
        Path top = Files.createDirectories(work.resolve("src/top/cur"));
        Files.writeString(top.resolveSibling("mailferry-manifest.json"), "{\"format\": \"mailferry-archive-manifest\"}");
        try (java.io.RandomAccessFile holes = new java.io.RandomAccessFile(top.resolve("holes:2,S").toFile(), "rw")) {
            holes.setLength(64L << 20);
            holes.seek((64L << 20) - 4);
            holes.write("data".getBytes(StandardCharsets.US_ASCII));
        }
        Path bomb = work.resolve("sparse.tar");
        Process p = new ProcessBuilder("tar", "--format=posix", "--sparse", "-cf", bomb.toString(), "-C",
                work.resolve("src").toString(), "top/mailferry-manifest.json", "top/cur/holes:2,S").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(Files.size(bomb)).isLessThan(16 << 10);

        assertImportFailsWithExit14(bomb, 1L << 20, "top/cur/holes:2,S\" refused: a sparse file");
    }

    @Test
    void importShouldCountEveryEntryAgainstItsSizeLimitSoEmptyFilesCannotFloodTheDisk() throws IOException {
        Path flood = work.resolve("flood.tar.gz");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Compression.GZIP.compress(Files.newOutputStream(flood)))) {
            manifest(out, "top");
            for (int i = 0; i < 5000; i++) {
                entry(out, "top/cur/" + i + ":2,S", "");
            }
        }

        assertImportFailsWithExit14(flood, 1L << 20, "would unpack beyond");
    }

    @Test
    void importShouldRefuseADuplicateEntryInsteadOfKeepingEitherCopy() throws IOException {
        Path tar = exportOf("twice.tar", "top/cur/1:2,S", "top/./cur//1:2,S");

        assertImportFailsWithExit14(tar, 0, "top/./cur//1:2,S", "twice");
    }

    @Test
    void importShouldNeverUnpackIntoAStagingDirectorySomeoneMadeBeforehand() throws IOException {
        Path tar = work.resolve("alice.tar.zst");
        ArchiveExporter.export(maildirArchive(), tar);
        Path planted = Files.createDirectories(work.resolve(".restored.importing-" + ProcessHandle.current().pid()));
        Files.writeString(planted.resolve("planted"), "not from the export");

        ArchiveImporter.importArchive(tar, work.resolve("restored"));

        assertThat(work.resolve("restored/planted")).doesNotExist();
        assertThat(planted.resolve("planted")).hasContent("not from the export");
        try (Stream<Path> left = Files.list(planted)) {
            assertThat(left).as("nothing unpacked into it").hasSize(1);
        }
    }

    @Test
    void exportShouldNeverWriteThroughALinkWhereTheFileGoes() throws IOException {
        Path archive = maildirArchive();
        Path victim = Files.writeString(work.resolve("victim"), "precious");
        Path link = Files.createSymbolicLink(work.resolve("alice.tar.zst"), victim);
        Path dangling = Files.createSymbolicLink(work.resolve("bob.tar.zst"), work.resolve("nowhere"));

        for (Path target : List.of(link, dangling)) {
            assertThatThrownBy(() -> ArchiveExporter.export(archive, target))
                    .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("--force");
        }
        Files.createSymbolicLink(work.resolve("alice.tar.zst.part"), victim);
        assertThatThrownBy(() -> ArchiveExporter.export(archive, link, true)).as("a planted .part link is not written through")
                .isInstanceOf(MailferryException.class);
        Files.deleteIfExists(work.resolve("alice.tar.zst.part")); // the failed export removed it (the link, not its target)
        ArchiveExporter.export(archive, link, true);

        assertThat(victim).hasContent("precious");
        assertThat(work.resolve("nowhere")).doesNotExist();
        assertThat(link).isRegularFile().isNotEqualTo(victim);
        assertThat(Files.isSymbolicLink(link)).as("--force replaces the link itself").isFalse();
    }

    @Test
    void importShouldRefuseAPlainTarCutBetweenTwoEntriesInsteadOfImportingTheFirstOnes() throws IOException {
        Path tar = work.resolve("alice.tar");
        ArchiveExporter.export(maildirArchive(), tar);
        byte[] whole = Files.readAllBytes(tar);
        int cut = 0;
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tar))) {
            for (int i = 0; i < 4 && in.getNextEntry() != null; i++) {
                cut = (int) in.getBytesRead(); // the tar went this far: a header and, for a file, its blocks
            }
        }
        cut = (cut + 511) / 512 * 512; // an entry boundary, before the end
        Path cutTar = Files.write(work.resolve("cut.tar"), java.util.Arrays.copyOf(whole, cut));
        assertThat(cut).isLessThan(whole.length - 1024);

        assertImportFailsWithExit14(cutTar, 0, "is truncated", "nothing was imported");
    }

    @Test
    void importShouldFailWholeWhenAnEntryNeedsAFileAsItsDirectory() throws IOException {
        Path tar = exportOf("clash.tar", "top/cur", "top/cur/1:2,S");

        assertImportFailsWithExit14(tar, 0, "nothing was imported");
    }

    /** A plain tar named {@code name}: a manifest, then a file for each of {@code files}. */
    private Path exportOf(String name, String... files) throws IOException {
        Path tar = work.resolve(name);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            manifest(out, "top");
            for (String file : files) {
                entry(out, file, "content of " + file);
            }
        }
        return tar;
    }

    /** Importing {@code tar} (at most {@code maxBytes}, 0: the default) fails with exit 14 saying each text, leaving no target. */
    private void assertImportFailsWithExit14(Path tar, long maxBytes, String... texts) {
        assertThatThrownBy(() -> ArchiveImporter.importArchive(tar, work.resolve("target"), maxBytes))
                .isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.ARCHIVE);
                    for (String text : texts) {
                        assertThat(e.getMessage()).contains(text);
                    }
                });
        assertThat(work.resolve("target")).doesNotExist();
    }
}
