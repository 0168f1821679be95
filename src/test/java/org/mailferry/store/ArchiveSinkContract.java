package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every archive format promises as a sink and, read back, as a source (ARCHITECTURE.md,
 * "Exactly once, per sink"): written once whatever is repeated, read back byte for byte with its
 * flags, keywords and internal date, flag changes kept, another UIDVALIDITY set aside without
 * loss, the pass remembered. Written once; each format runs it by implementing {@link #open}.
 * What a format promises as a source alone is {@link FolderSourceContract}.
 */
public interface ArchiveSinkContract {

    FolderInfo INBOX = FolderInfo.of(FolderPath.of("INBOX"));
    Instant DATE = Instant.parse("2024-03-01T10:15:30Z");

    /** Opens the archive store at {@code root}, for writing or read-only. */
    Store open(Path root, boolean forWriting);

    /** A message of generation {@code uidValidity}: 8-bit text, a "From " line, CRLF, optionally large. */
    static SourceMessage message(long uidValidity, long uid, int extraBytes, String... flags) {
        byte[] bytes = bytes(uid, extraBytes);
        return new SourceMessage(uidValidity, new MessageMeta(uid, bytes.length, DATE.plusSeconds(uid * 3600),
                MessageFlags.fromImapNames(List.of(flags))), new ByteArrayContent(bytes));
    }

    static byte[] bytes(long uid, int extraBytes) {
        String text = "From: Zoë <zoe@example.org>\r\nSubject: message " + uid + "\r\nMessage-ID: <" + uid
                + "@contract.invalid>\r\n\r\nFrom here on the body.\r\n>From quoted already\r\nlast line " + uid + "\r\n"
                + "x".repeat(extraBytes) + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Uid, bytes, flags and internal date of every message of {@code folder}, from the store's own source. */
    static List<String> readBack(Store store, FolderInfo folder, long afterUid) throws IOException {
        List<String> out = new ArrayList<>();
        try (FolderSource source = store.openSource(folder); MessageCursor cursor = source.messagesAfter(afterUid)) {
            SourceMessage m;
            while ((m = cursor.next()) != null) {
                try (SourceMessage held = m; InputStream in = held.content().open()) {
                    out.add(describe(held.uid(), in.readAllBytes(), held.meta().flags(), held.meta().internalDate()));
                }
            }
        }
        return out;
    }

    static String describe(long uid, byte[] bytes, MessageFlags flags, Instant date) {
        return uid + " " + Arrays.hashCode(bytes) + "/" + bytes.length + " " + flags.imapNames() + " " + date;
    }

    static String describe(SourceMessage m) {
        return describe(m.uid(), bytes(m.uid(), (int) m.meta().size() - bytes(m.uid(), 0).length), m.meta().flags(),
                m.meta().internalDate());
    }

    private List<SourceMessage> chunk() {
        return List.of(message(7, 1, 0, "\\Seen", "$Label1"), message(7, 2, 300_000, "\\Answered", "\\Flagged"),
                message(7, 5, 10));
    }

    @Test
    default void writtenMessagesShouldReadBackExactly(@TempDir Path root) throws IOException {
        List<SourceMessage> chunk = chunk();
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            sink.beginGeneration(7);
            assertThat(sink.write(chunk)).extracting(WriteOutcome::kind).containsOnly(WriteOutcome.Kind.WRITTEN);
        }
        try (Store store = open(root, false)) {
            FolderInfo inbox = store.listFolders().stream().filter(f -> f.path().equals(INBOX.path())).findFirst()
                    .orElseThrow();
            assertThat(readBack(store, inbox, 0)).containsExactlyElementsOf(chunk.stream().map(ArchiveSinkContract::describe).toList());
            try (FolderSource source = store.openSource(inbox)) {
                assertThat(source.uidValidity()).isEqualTo(7);
            }
        }
    }

    @Test
    default void aRepeatedChunkShouldWriteNothingTwice(@TempDir Path root) throws IOException {
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            sink.beginGeneration(7);
            sink.write(chunk());
        }
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            assertThat(sink.syncState().uidValidity()).isEqualTo(7);
            assertThat(sink.syncState().lastUid()).isEqualTo(5);
            assertThat(sink.beginGeneration(7)).as("the same generation changes nothing").isNull();
            assertThat(sink.write(chunk())).extracting(WriteOutcome::kind).containsOnly(WriteOutcome.Kind.ALREADY_PRESENT);
            assertThat(sink.write(List.of(message(7, 6, 0), message(7, 6, 0)))).extracting(WriteOutcome::kind)
                    .containsExactly(WriteOutcome.Kind.WRITTEN, WriteOutcome.Kind.ALREADY_PRESENT);
        }
        try (Store store = open(root, false)) {
            assertThat(readBack(store, INBOX, 0)).extracting(line -> line.split(" ")[0]).containsExactly("1", "2", "5", "6");
        }
    }

    @Test
    default void flagChangesShouldBeKeptAndOnlyRealChangesCounted(@TempDir Path root) throws IOException {
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            sink.beginGeneration(7);
            sink.write(chunk());
            MessageFlags now = MessageFlags.fromImapNames(List.of("\\Seen", "\\Flagged", "Project-X"));
            int changed = sink.updateFlags(List.of(new FlagChange(1, now),
                    new FlagChange(5, MessageFlags.NONE), // unchanged
                    new FlagChange(99, now)));             // not held
            assertThat(changed).isEqualTo(1);
        }
        try (Store store = open(root, false)) {
            List<FlagChange> reported = new ArrayList<>();
            try (FolderSource source = store.openSource(INBOX)) {
                source.flagsThrough(5, 0, reported::add);
            }
            assertThat(reported).filteredOn(c -> c.uid() == 1).singleElement()
                    .satisfies(c -> assertThat(c.flags().imapNames()).containsExactlyInAnyOrder("\\Seen", "\\Flagged", "Project-X"));
            assertThat(readBack(store, INBOX, 0).get(0)).contains("Project-X");
        }
    }

    @Test
    default void anotherUidValidityShouldSetTheOldGenerationAsideWithoutLosingIt(@TempDir Path root) throws IOException {
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            sink.beginGeneration(7);
            sink.write(chunk());
        }
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            assertThat(sink.beginGeneration(8)).as("the note that says what was set aside").isNotBlank();
            assertThat(sink.syncState().lastUid()).isZero();
            assertThat(sink.write(List.of(message(8, 1, 0)))).extracting(WriteOutcome::kind)
                    .containsExactly(WriteOutcome.Kind.WRITTEN);
        }
        try (Store store = open(root, false)) {
            int total = 0;
            for (FolderInfo f : store.listFolders()) {
                total += readBack(store, f, 0).size();
            }
            assertThat(total).as("3 messages of the old generation beside 1 of the new").isEqualTo(4);
            try (FolderSource inbox = store.openSource(INBOX)) {
                assertThat(inbox.uidValidity()).isEqualTo(8);
            }
        }
    }

    @Test
    default void aCompletedPassShouldBeRemembered(@TempDir Path root) {
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            sink.beginGeneration(7);
            sink.write(chunk());
            sink.completePass(42);
        }
        try (Store store = open(root, true); FolderSink sink = store.openSink(INBOX, INBOX.path())) {
            assertThat(sink.syncState()).isEqualTo(new SyncState(7, 5, 42));
        }
    }
}
