package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.maildir.TestMessages.DATE;
import static org.mailferry.maildir.TestMessages.body;
import static org.mailferry.maildir.TestMessages.flags;
import static org.mailferry.maildir.TestMessages.message;
import static org.mailferry.maildir.TestMessages.sha256;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.WriteOutcome;

class MaildirDedupeTest {

    private static final FolderPath A = FolderPath.of("A");
    private static final FolderPath B = FolderPath.of("B");
    private static final FolderPath C = FolderPath.of("C");

    @TempDir
    Path root;

    @Test
    void writeShouldLinkToTheStoredFileWhenAnotherFolderHoldsTheSameBytesAndDate() throws Exception {
        try (MaildirStore store = MaildirStore.open(root, true).deduplicating(true)) {
            assertThat(write(store, A, message(7, 1), message(7, 2))).extracting(WriteOutcome::kind)
                    .containsOnly(WriteOutcome.Kind.WRITTEN);
            assertThat(write(store, B, message(7, 1, DATE.plusSeconds(1), body(1)), message(7, 2, "\\Seen")))
                    .extracting(WriteOutcome::kind).containsOnly(WriteOutcome.Kind.LINKED);
        }
        try (MaildirStore store = MaildirStore.open(root, true).deduplicating(true)) { // a later run: the index from the logs
            assertThat(write(store, C, message(7, 1), message(7, 2), message(7, 3)))
                    .extracting(WriteOutcome::kind)
                    .containsExactly(WriteOutcome.Kind.LINKED, WriteOutcome.Kind.LINKED, WriteOutcome.Kind.WRITTEN);
        }

        for (long uid = 1; uid <= 2; uid++) {
            Path a = file(A, uid);
            assertThat(Files.getAttribute(a, "unix:nlink")).isEqualTo(3);
            assertThat(Files.getAttribute(file(B, uid), "unix:ino")).isEqualTo(Files.getAttribute(a, "unix:ino"));
            assertThat(Files.getAttribute(file(C, uid), "unix:ino")).isEqualTo(Files.getAttribute(a, "unix:ino"));
            assertThat(sha256(file(C, uid))).isEqualTo(sha256(body(uid)));
        }
        assertThat(file(B, 2).getFileName().toString()).endsWith(":2,S");
        assertThat(file(A, 2).getFileName().toString()).endsWith(":2,");
        assertThat(Files.getAttribute(file(C, 3), "unix:nlink")).isEqualTo(1);
    }

    @Test
    void flagChangeAndRetentionShouldTouchOnlyTheirFolderWhenMessagesAreLinked() throws Exception {
        try (MaildirStore store = MaildirStore.open(root, true).deduplicating(true)) {
            write(store, A, message(7, 1), message(7, 2));
            write(store, B, message(7, 1), message(7, 2));
            Path aTwo = file(A, 2);
            try (FolderSink b = sink(store, B)) {
                assertThat(b.updateFlags(List.of(new FlagChange(1, flags("\\Flagged"))))).isEqualTo(1);
                assertThat(b.removeGone(List.of(2L), Duration.ZERO)).isEqualTo(1);
            }
            assertThat(file(B, 1).getFileName().toString()).endsWith(":2,F");
            assertThat(file(A, 1).getFileName().toString()).endsWith(":2,");
            assertThat(Files.getAttribute(file(A, 1), "unix:ino")).isEqualTo(Files.getAttribute(file(B, 1), "unix:ino"));
            assertThat(messageFiles(B)).hasSize(1);
            assertThat(file(A, 2)).isEqualTo(aTwo);
            assertThat(sha256(aTwo)).isEqualTo(sha256(body(2)));
            assertThat(Files.getAttribute(aTwo, "unix:nlink")).isEqualTo(1);
        }
    }

    @Test
    void writeShouldCopyWhenTheDateDiffersOrTheStoredFileNoLongerMatchesItsChecksum() throws Exception {
        try (MaildirStore store = MaildirStore.open(root, true).deduplicating(true)) {
            write(store, A, message(7, 1), message(7, 2));
        }
        Path tampered = file(A, 2);
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length - 3] ^= 1; // same size, other bytes: a later run must not link to it
        Files.write(tampered, bytes);
        Files.setLastModifiedTime(tampered, java.nio.file.attribute.FileTime.from(DATE.plusSeconds(2)));

        try (MaildirStore store = MaildirStore.open(root, true).deduplicating(true)) {
            SourceMessage otherDate = message(7, 1, DATE.plusSeconds(3600), body(1));
            assertThat(write(store, B, otherDate, message(7, 2))).extracting(WriteOutcome::kind)
                    .containsOnly(WriteOutcome.Kind.WRITTEN);
        }
        assertThat(Files.getAttribute(file(B, 1), "unix:nlink")).isEqualTo(1);
        assertThat(sha256(file(B, 2))).isEqualTo(sha256(body(2)));
        assertThat(Files.getLastModifiedTime(file(B, 1)).toInstant()).isEqualTo(DATE.plusSeconds(3600));
    }

    @Test
    void writeShouldCopyAndSayWhyWhenTheLinkFails() throws Exception {
        try (MaildirStore store = MaildirStore.open(root, true).deduplicating((link, existing) -> {
            throw new FileSystemException(link.toString(), existing.toString(), "Invalid cross-device link");
        })) {
            write(store, A, message(7, 1));
            List<WriteOutcome> out = write(store, B, message(7, 1));
            assertThat(out).extracting(WriteOutcome::kind).containsExactly(WriteOutcome.Kind.WRITTEN);
            assertThat(out.get(0).reason()).contains("cross-device");
        }
        assertThat(sha256(file(B, 1))).isEqualTo(sha256(body(1)));
        assertThat(Files.getAttribute(file(B, 1), "unix:nlink")).isEqualTo(1);
        assertThat(Files.list(root.resolve(".B/tmp")).count()).isZero();
    }

    @Test
    void parallelFoldersShouldStoreEachMessageOnceWhenTheyWriteTheSameMessagesAtOnce() throws Exception {
        try (MaildirStore store = MaildirStore.open(root, true).deduplicating(true)) {
            List<FolderPath> folders = List.of(A, B, C);
            folders.parallelStream().forEach(f -> {
                for (long uid = 1; uid <= 40; uid += 10) {
                    long first = uid;
                    write(store, f, Stream.iterate(first, u -> u + 1).limit(10).map(u -> message(7, u))
                            .toArray(SourceMessage[]::new));
                }
            });
        }
        long inodes;
        try (Stream<Path> all = Stream.of(A, B, C).flatMap(f -> messageFiles(f).stream())) {
            inodes = all.map(p -> {
                try {
                    return Files.getAttribute(p, "unix:ino");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).distinct().count();
        }
        assertThat(inodes).isEqualTo(40);
        assertThat(messageFiles(A)).hasSize(40);
        assertThat(messageFiles(B)).hasSize(40);
        assertThat(messageFiles(C)).hasSize(40);
    }

    private static List<WriteOutcome> write(MaildirStore store, FolderPath path, SourceMessage... messages) {
        try (FolderSink sink = sink(store, path)) {
            sink.beginGeneration(7);
            return sink.write(List.of(messages));
        }
    }

    private static FolderSink sink(MaildirStore store, FolderPath path) {
        return store.openSink(new FolderInfo(path, path.display(), '/', Optional.empty(), null), path);
    }

    private Path file(FolderPath folder, long uid) {
        return messageFiles(folder).stream().filter(p -> p.getFileName().toString().contains(",U=" + uid + ","))
                .findFirst().orElseThrow();
    }

    private List<Path> messageFiles(FolderPath folder) {
        try (Stream<Path> s = Files.list(root.resolve("." + folder.display()).resolve("cur"))) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
