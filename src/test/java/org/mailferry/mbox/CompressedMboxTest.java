package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.bytes;
import static org.mailferry.mbox.TestMessages.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailferry.archive.Compression;
import org.mailferry.archive.FolderCheck;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.WriteOutcome;

/** Compressed mbox archives: written in units per chunk, read back exactly, resumed after a crash. */
class CompressedMboxTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP", "XZ"})
    void writeThenReadShouldRestoreExactBytesFromUnitsOfEveryChunk(Compression compression) throws IOException {
        List<byte[]> originals = messages();
        write(compression, 0, 5);
        write(compression, 5, originals.size());

        Path data = root.resolve("INBOX.mbox" + compression.extension());
        assertThat(data).exists();
        assertThat(root.resolve("INBOX.mbox")).doesNotExist();
        MboxIndex index = MboxIndex.read(MboxFiles.of(root, "INBOX"));
        assertThat(index.compression()).isEqualTo(compression);
        assertThat(index.frames()).as("a unit ends with each chunk, and after the message reaching 256 KiB of text").hasSize(3);
        assertThat(index.dataEnd()).isEqualTo(Files.size(data));
        assertThat(readAll()).containsExactlyElementsOf(originals);
        assertThat(check().damage()).isEmpty();
        assertThat(check().intact()).isEqualTo(originals.size());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP", "XZ"})
    void reopeningAfterACrashShouldDropThePartialUnitAndItsLinesAndWriteEachMessageOnce(Compression compression)
            throws IOException {
        List<byte[]> originals = messages();
        write(compression, 0, 5);
        MboxFiles files = MboxFiles.of(root, "INBOX");
        long committedData = Files.size(files.data(compression));
        long end = MboxIndex.read(files).end();
        // a crash while the next chunk was written: half a unit in the data file, a message line without its
        // frame line and half a line in the index
        byte[] unit = compressed(compression, "From MAILER-DAEMON Thu Nov  5 09:03:02 2026\nSubject: x\n\n");
        append(files.data(compression), Arrays.copyOf(unit, unit.length / 2));
        byte[] dangling = MboxIndexLines.encode(new MboxEntry(6, end, 50, 40, false, TestMessages.DATE,
                MessageFlags.NONE, "00"));
        append(files.index(), (new String(dangling, StandardCharsets.UTF_8) + "\n{\"uid\":7,\"off").getBytes());

        FolderCheck crashed = check();
        assertThat(crashed.damage()).singleElement()
                .satisfies(d -> assertThat(d.offset()).isEqualTo(committedData))
                .satisfies(d -> assertThat(d.problem()).contains("interrupted run"));
        write(compression, 3, originals.size());

        assertThat(readAll()).containsExactlyElementsOf(originals);
        assertThat(check().damage()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aRunAskingForAnotherCompressionShouldKeepTheFoldersAndSaySo() throws IOException {
        write(Compression.ZSTD, 0, 3);
        List<byte[]> originals = messages();
        try (MboxStore store = MboxStore.open(root, true, Compression.NONE);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            assertThat(sink.drainNotes()).singleElement().asString()
                    .contains("INBOX.mbox.zst keeps its compression (zstd)", "none applies to new folders only");
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            sink.write(List.of(message(4, originals.get(3), MessageFlags.NONE)));
        }
        assertThat(root.resolve("INBOX.mbox")).as("no second data file").doesNotExist();
        assertThat(readAll()).hasSize(4);
        try (MboxStore store = MboxStore.open(root, true, Compression.ZSTD);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            assertThat(sink.drainNotes()).as("nothing to say when they agree").isEmpty();
        }
    }

    private void write(Compression compression, int from, int to) {
        List<byte[]> originals = messages();
        try (MboxStore store = MboxStore.open(root, true, compression);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            List<SourceMessage> chunk = new ArrayList<>();
            for (int i = from; i < to; i++) {
                chunk.add(message(i + 1, originals.get(i), MessageFlags.NONE));
            }
            assertThat(sink.write(chunk)).extracting(WriteOutcome::uid).hasSize(to - from);
        }
    }

    private List<byte[]> readAll() {
        List<byte[]> read = new ArrayList<>();
        try (MboxStore store = MboxStore.open(root, false);
             FolderSource src = store.openSource(FolderInfo.of(FolderPath.INBOX));
             MessageCursor c = src.messagesAfter(0)) {
            for (SourceMessage m = c.next(); m != null; m = c.next()) {
                read.add(bytes(m.content()));
            }
        }
        return read;
    }

    private FolderCheck check() {
        try (MboxStore store = MboxStore.open(root, false)) {
            return store.check(FolderInfo.of(FolderPath.INBOX));
        }
    }

    /** The nasty messages, then three of 200 KiB and one of 3 MiB (random bytes: several units, incompressible). */
    static List<byte[]> messages() {
        List<byte[]> all = new ArrayList<>(MboxRoundTripTest.NASTY);
        Random r = new Random(7);
        for (int size : new int[] {200 * 1024, 200 * 1024, 200 * 1024, 3 * 1024 * 1024}) {
            byte[] big = new byte[size];
            r.nextBytes(big);
            all.add(big);
        }
        return all;
    }

    private static byte[] compressed(Compression compression, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream unit = compression.compress(out)) {
            unit.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(bytes));
        }
    }
}
