package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.Compression;
import org.mailferry.archive.Damage;
import org.mailferry.archive.FolderCheck;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;

/**
 * A damaged mbox archive: the check names each bad message with its file and offset, and a
 * reader (restore) skips exactly those with a {@link MessageFailure} and yields the others.
 */
class MboxDamageTest {

    @TempDir
    Path root;

    @Test
    void aFlippedByteShouldBeNamedByTheCheckAndSkippedByTheReader() throws IOException {
        write(Compression.NONE);
        MboxEntry second = index().entry(2);
        flip(root.resolve("INBOX.mbox"), second.offset() + 60);

        assertThat(check().damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.MESSAGE);
            assertThat(d.uid()).isEqualTo(2);
            assertThat(d.offset()).isEqualTo(second.offset());
            assertThat(d.describe()).contains("INBOX.mbox at byte " + second.offset()).contains("SHA-256 differs");
        });
        assertThat(read()).hasSize(5).startsWith("1").endsWith("3", "4", "5");
        assertThat(read().get(1)).isEqualTo("failed 2: message UID 2 in INBOX.mbox at byte " + second.offset()
                + " is damaged (its SHA-256 differs from the index); it was skipped");
    }

    @Test
    void anMboxCutInTheMiddleOfAMessageShouldLoseOnlyThatMessageAndTheOnesAfterIt() throws IOException {
        write(Compression.NONE);
        MboxEntry third = index().entry(3);
        truncate(root.resolve("INBOX.mbox"), third.offset() + 30);

        FolderCheck check = check();
        assertThat(check.intact()).isEqualTo(2);
        assertThat(check.damage()).extracting(Damage::uid).containsExactly(3L, 4L, 5L);
        assertThat(check.damage().get(0).problem()).contains("ends at byte " + (third.offset() + 30), "inside this message");
        assertThat(read()).hasSize(5).startsWith("1", "2");
        assertThat(read().subList(2, 5)).allSatisfy(s -> assertThat(s).startsWith("failed").contains("INBOX.mbox at byte"));
    }

    @Test
    void aLineStartingWithFromInsideAMessageShouldBeReportedAsASplit() throws IOException {
        write(Compression.NONE);
        Path mbox = root.resolve("INBOX.mbox");
        String text = Files.readString(mbox, StandardCharsets.ISO_8859_1);
        int quoted = text.indexOf("\n>From here");
        Files.writeString(mbox, text.substring(0, quoted) + "\nFrom  here" + text.substring(quoted + 11),
                StandardCharsets.ISO_8859_1);

        assertThat(check().damage()).singleElement().satisfies(d -> assertThat(d.uid()).isEqualTo(3));
    }

    @Test
    void garbageAfterTheLastZstdUnitShouldBeNamedWithItsOffsetWhileEveryMessageStaysReadable() throws IOException {
        write(Compression.ZSTD);
        Path data = root.resolve("INBOX.mbox.zst");
        long end = Files.size(data);
        append(data, "garbage appended by hand".getBytes(StandardCharsets.US_ASCII));

        assertThat(check().damage()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Damage.Kind.FILE);
            assertThat(d.offset()).isEqualTo(end);
            assertThat(d.problem()).contains("24 bytes follow the last committed compressed unit");
        });
        assertThat(read()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void aDamagedCompressedUnitShouldCostOnlyItsOwnMessages() throws IOException {
        write(Compression.ZSTD);
        List<MboxFrame> units = new ArrayList<>(index().frames());
        assertThat(units).hasSize(2);
        flip(root.resolve("INBOX.mbox.zst"), units.get(0).fileOffset() + units.get(0).fileLength() / 2);

        FolderCheck check = check();
        assertThat(check.damage()).isNotEmpty().extracting(Damage::uid).isSubsetOf(1L, 2L, 3L);
        assertThat(check.damage()).allSatisfy(d -> assertThat(d.offset()).isEqualTo(0));
        assertThat(check.intact()).isEqualTo(5 - check.damage().size());
        assertThat(read()).hasSize(5).endsWith("4", "5");
        assertThat(read().subList(0, 3)).filteredOn(s -> s.startsWith("failed")).hasSize(check.damage().size())
                .allSatisfy(s -> assertThat(s).contains("in INBOX.mbox.zst (compressed unit at byte 0, mbox offset "));
    }

    /** Five messages in two chunks (3 + 2). */
    private void write(Compression compression) {
        String[] bodies = {"Subject: one\n\nfirst body line\n", "Subject: two\n\nsecond message, long enough to damage\n",
            "Subject: three\n\nFrom here\n>From there\n", "Subject: four\n\n4\n", "Subject: five\n\n5\n"};
        try (MboxStore store = MboxStore.open(root, true, compression);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            List<SourceMessage> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(message(i + 1, bodies[i].getBytes(StandardCharsets.US_ASCII), MessageFlags.NONE));
            }
            sink.write(first);
            sink.write(List.of(message(4, bodies[3]), message(5, bodies[4])));
        }
    }

    /** Per message its UID, or "failed UID: " and the reason, with file names relative to the archive. */
    private List<String> read() {
        List<String> out = new ArrayList<>();
        try (MboxStore store = MboxStore.open(root, false);
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
                    out.add("failed " + f.uid() + ": " + f.getMessage().replace(root + "/", ""));
                }
            }
        }
    }

    private FolderCheck check() {
        try (MboxStore store = MboxStore.open(root, false)) {
            return store.check(FolderInfo.of(FolderPath.INBOX));
        }
    }

    private MboxIndex index() {
        return MboxIndex.read(MboxFiles.of(root, "INBOX"));
    }

    private static void flip(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x55)).rewind();
            ch.write(b, at);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }
}
