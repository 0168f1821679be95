package org.mailferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.FolderPath;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;

/** The header index on real files: appended by backups, tolerant of a cut line, started afresh for a new generation. */
class HeaderIndexTest {

    @TempDir
    Path archive;

    @Test
    void chunksWrittenByABackupShouldBeFoundBySearchWithoutReadingMessages() {
        HeaderIndexing indexing = new HeaderIndexing(archive);
        written(indexing, FolderPath.of("Work/Bills"), 7, List.of(message(1, "Invoice March"), message(2, "Lunch")));
        written(indexing, FolderPath.of("Work/Bills"), 7, List.of(message(3, "=?UTF-8?Q?Rechnung_M=C3=A4rz?=")));

        HeaderIndex index = HeaderIndex.load(archive, "Work/Bills", 7);

        assertThat(index.get(1).subject()).isEqualTo("Invoice March");
        assertThat(index.get(3).subject()).as("decoded as search shows it").isEqualTo("Rechnung März");
        assertThat(index.get(3).from()).isEqualTo("Bob <bob@example.org>");
        assertThat(index.get(3).messageId()).isEqualTo("<3@example.org>");
    }

    @Test
    void aLineCutByAKillShouldCostOnlyThatMessage() throws IOException {
        HeaderIndexing indexing = new HeaderIndexing(archive);
        written(indexing, FolderPath.of("INBOX"), 7, List.of(message(1, "one"), message(2, "two")));
        Path file = onlyFile();
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 15)); // the last line half written

        HeaderIndex index = HeaderIndex.load(archive, "INBOX", 7);
        assertThat(index.get(1).subject()).isEqualTo("one");
        assertThat(index.get(2)).as("read again by the next search").isNull();

        written(indexing, FolderPath.of("INBOX"), 7, List.of(message(3, "three")));
        assertThat(HeaderIndex.load(archive, "INBOX", 7).get(3).subject()).as("appended after the cut line")
                .isEqualTo("three");
    }

    @Test
    void anotherGenerationShouldStartTheFileAfreshAndOtherFoldersStayApart() throws IOException {
        HeaderIndexing indexing = new HeaderIndexing(archive);
        written(indexing, FolderPath.of("INBOX"), 7, List.of(message(1, "old generation")));
        written(indexing, FolderPath.of("Sent"), 3, List.of(message(1, "sent one")));

        written(indexing, FolderPath.of("INBOX"), 8, List.of(message(1, "new generation")));

        assertThat(HeaderIndex.load(archive, "INBOX", 7).get(1)).isNull();
        assertThat(HeaderIndex.load(archive, "INBOX", 8).get(1).subject()).isEqualTo("new generation");
        assertThat(HeaderIndex.load(archive, "Sent", 3).get(1).subject()).isEqualTo("sent one");
        HeaderIndex inbox = HeaderIndex.load(archive, "INBOX", 8);
        inbox.retainOnly(Set.of());
        inbox.saveIfChanged();
        assertThat(HeaderIndex.load(archive, "INBOX", 8).get(1)).as("a search's full pass drops what is gone").isNull();
    }

    @Test
    void headerFieldsShouldStopAtTheEmptyLineWhateverTheStream() throws IOException {
        byte[] bytes = "Subject: s\r\nFrom: f\r\n\r\nSubject: not a header\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderFields.read(new ByteArrayInputStream(bytes)).get("subject")).isEqualTo("s");
        Path file = archive.resolve("m.eml");
        Files.write(file, bytes);
        try (var in = Files.newInputStream(file)) {
            assertThat(HeaderFields.read(in).get("subject")).as("a file stream, buffered").isEqualTo("s");
        }
    }

    /** A chunk the sink stored whole: told before, then all its UIDs after. */
    private static void written(HeaderIndexing indexing, FolderPath folder, long uidValidity, List<SourceMessage> chunk) {
        indexing.beforeWrite(folder, uidValidity, chunk).accept(
                chunk.stream().map(SourceMessage::uid).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void onlyWhatTheSinkStoredShouldBeIndexed() {
        HeaderIndexing indexing = new HeaderIndexing(archive);
        indexing.beforeWrite(FolderPath.of("INBOX"), 7, List.of(message(1, "stored"), message(2, "refused")))
                .accept(Set.of(1L));
        HeaderIndex index = HeaderIndex.load(archive, "INBOX", 7);
        assertThat(index.get(1).subject()).isEqualTo("stored");
        assertThat(index.get(2)).as("a message the folder does not hold").isNull();
    }

    private Path onlyFile() throws IOException {
        try (var files = Files.list(archive.resolve(HeaderIndex.DIR))) {
            return files.findFirst().orElseThrow();
        }
    }

    private static SourceMessage message(long uid, String subject) {
        byte[] bytes = ("From: Bob <bob@example.org>\r\nSubject: " + subject + "\r\nMessage-ID: <" + uid
                + "@example.org>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return new SourceMessage(7, new MessageMeta(uid, bytes.length, java.time.Instant.EPOCH, MessageFlags.NONE),
                new ByteArrayContent(bytes));
    }
}
