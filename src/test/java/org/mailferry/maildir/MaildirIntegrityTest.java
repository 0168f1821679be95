package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.maildir.TestMessages.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.Damage;
import org.mailferry.archive.FolderCheck;
import org.mailferry.archive.FolderContents;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;

/**
 * The checksum sidecar of a Maildir folder, and what it makes visible: the check names a changed,
 * truncated, deleted or misnamed message file, and a reader skips exactly those.
 */
class MaildirIntegrityTest {

    @TempDir
    Path root;

    @BeforeEach
    void writeThreeMessages() {
        try (MaildirStore store = MaildirStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "\\Seen"), message(7, 2), message(7, 3, "\\Flagged")));
        }
    }

    @Test
    void writeShouldRecordSizeAndSha256OfEachMessageBesideTheFolder() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(MaildirChecksums.FILE_NAME));

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("{\"format\":\"mailferry-maildir-checksums\",\"version\":1}");
        assertThat(lines.get(1)).isEqualTo("{\"uid\":1,\"size\":" + TestMessages.body(1).length + ",\"sha256\":\""
                + TestMessages.sha256(TestMessages.body(1)) + "\"}");
        try (MaildirStore store = MaildirStore.open(root, false)) {
            FolderContents c = store.contents().get(0);
            assertThat(c.messages()).extracting(m -> m.sha256()).doesNotContainNull().hasSize(3);
            assertThat(c.index()).isEqualTo("./" + MaildirChecksums.FILE_NAME);
            assertThat(store.check(c.folder()).damage()).isEmpty();
            assertThat(store.check(c.folder()).intact()).isEqualTo(3);
        }
    }

    @Test
    void anotherRunShouldAppendAfterTheLastCompleteLineAndCutOffALineACrashLeftHalfWritten() throws IOException {
        Path sidecar = root.resolve(MaildirChecksums.FILE_NAME);
        Files.writeString(sidecar, "{\"uid\":9,\"si", java.nio.file.StandardOpenOption.APPEND);

        try (MaildirStore store = MaildirStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.write(List.of(message(7, 4)));
        }

        List<String> lines = Files.readAllLines(sidecar);
        assertThat(lines).hasSize(5).noneMatch(l -> l.contains("\"uid\":9"));
        assertThat(lines.get(4)).startsWith("{\"uid\":4,");
        assertThat(check().damage()).isEmpty();
        assertThat(check().intact()).isEqualTo(4);
    }

    @Test
    void aSidecarOfANewerFormatVersionShouldStopTheWriterBeforeItAppends() throws IOException {
        Path sidecar = root.resolve(MaildirChecksums.FILE_NAME);
        List<String> lines = new ArrayList<>(Files.readAllLines(sidecar));
        lines.set(0, "{\"format\":\"mailferry-maildir-checksums\",\"version\":2}");
        Files.write(sidecar, lines);
        byte[] before = Files.readAllBytes(sidecar);

        try (MaildirStore store = MaildirStore.open(root, true)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX))
                    .hasMessageContaining("format version 2").hasMessageContaining("upgrade mailferry");
        }
        assertThat(Files.readAllBytes(sidecar)).isEqualTo(before);
    }

    @Test
    void aChangedFileShouldBeNamedByTheCheckAndSkippedByTheReader() throws IOException {
        Path second = file(2);
        byte[] bytes = Files.readAllBytes(second);
        bytes[5] ^= 0x20;
        Files.write(second, bytes);

        assertThat(check().damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.MESSAGE);
            assertThat(d.file()).isEqualTo(second);
            assertThat(d.uid()).isEqualTo(2);
            assertThat(d.problem()).contains("SHA-256 differs");
        });
        assertThat(read()).containsExactly("1", "failed 2", "3");
    }

    @Test
    void aTruncatedFileShouldDisagreeWithItsSizeField() throws IOException {
        Path first = file(1);
        Files.write(first, Arrays.copyOf(Files.readAllBytes(first), 4));

        assertThat(check().damage()).singleElement().satisfies(d -> assertThat(d.problem()).contains("S="));
        assertThat(read()).containsExactly("failed 1", "2", "3");
    }

    @Test
    void aDeletedFileShouldBeReportedAsMissingWithItsUid() throws IOException {
        Files.delete(file(3));

        assertThat(check().damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.MISSING);
            assertThat(d.uid()).isEqualTo(3);
            assertThat(d.file()).isEqualTo(root.resolve(MaildirChecksums.FILE_NAME));
        });
    }

    @Test
    void aFileWithABadNameShouldBeNamed() throws IOException {
        Path stray = root.resolve("cur/1700000000.M1P1Q1.host:2,S");
        Files.writeString(stray, "Subject: dropped in by hand\n\n", StandardCharsets.US_ASCII);
        Path badLetter = file(1).resolveSibling(file(1).getFileName().toString() + "!");
        Files.move(file(1), badLetter);

        assertThat(check().damage()).extracting(Damage::file).containsExactlyInAnyOrder(stray, badLetter);
        assertThat(check().damage()).allSatisfy(d -> assertThat(d.problem()).startsWith("bad file name"));
    }

    private Path file(long uid) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("cur"))) {
            return files.filter(f -> f.getFileName().toString().contains(",U=" + uid + ",")).findFirst().orElseThrow();
        }
    }

    private FolderCheck check() {
        try (MaildirStore store = MaildirStore.open(root, false)) {
            return store.check(FolderInfo.of(FolderPath.INBOX));
        }
    }

    private List<String> read() {
        List<String> out = new ArrayList<>();
        try (MaildirStore store = MaildirStore.open(root, false);
             FolderSource src = store.openSource(FolderInfo.of(FolderPath.INBOX));
             MessageCursor c = src.messagesAfter(0)) {
            while (true) {
                try {
                    SourceMessage m = c.next();
                    if (m == null) {
                        return out;
                    }
                    out.add(String.valueOf(m.uid()));
                } catch (MessageFailure f) {
                    assertThat(f.getMessage()).contains(root.resolve("cur").toString()).contains("is damaged");
                    out.add("failed " + f.uid());
                }
            }
        }
    }
}
