package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailferry.mbox.TestMessages.UIDVALIDITY;
import static org.mailferry.mbox.TestMessages.bytes;
import static org.mailferry.mbox.TestMessages.flags;
import static org.mailferry.mbox.TestMessages.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchiveNames;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageContent;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SyncState;
import org.mailferry.store.SystemFlag;
import org.mailferry.store.WriteOutcome;
import org.mailferry.store.WriteOutcome.Kind;

class MboxFolderSinkTest {

    private static final FolderPath WORK = FolderPath.of("Projects/Work");

    @TempDir
    Path root;

    @Test
    void syncStateShouldBeEmptyForANewFolder() {
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            assertThat(sink.syncState()).isEqualTo(SyncState.EMPTY);
            assertThat(sink.beginGeneration(UIDVALIDITY)).isNull();
            assertThat(sink.syncState()).isEqualTo(new SyncState(UIDVALIDITY, 0, 0));
        }
    }

    @Test
    void writeShouldSkipMessagesAlreadyHeldWhenTheSameChunkIsWrittenTwice() throws IOException {
        List<SourceMessage> chunk = List.of(message(1, "From a\n"), message(2, "b\n"));
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            assertThat(sink.write(chunk)).extracting(WriteOutcome::kind).containsExactly(Kind.WRITTEN, Kind.WRITTEN);
        }
        long size = Files.size(mbox());

        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            assertThat(sink.syncState()).isEqualTo(new SyncState(UIDVALIDITY, 2, 0));
            assertThat(sink.beginGeneration(UIDVALIDITY)).isNull();
            assertThat(sink.write(chunk)).containsExactly(WriteOutcome.present(1), WriteOutcome.present(2));
            assertThat(sink.write(List.of(message(2, "b\n"), message(3, "c\n"))))
                    .extracting(WriteOutcome::kind).containsExactly(Kind.ALREADY_PRESENT, Kind.WRITTEN);
        }

        assertThat(readInbox()).containsExactly("From a\n", "b\n", "c\n");
        assertThat(Files.size(mbox())).isGreaterThan(size);
    }

    @Test
    void writeShouldTruncateUncommittedTailWhenReopenedAfterCrash() throws IOException {
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            sink.write(List.of(message(1, "a\n"), message(2, "b\n")));
        }
        long committedMbox = Files.size(mbox());
        long committedIndex = Files.size(index());
        Files.writeString(mbox(), "From MAILER-DAEMON Thu Nov  5 09:03:05 2026\nhalf a mess", StandardOpenOption.APPEND);
        Files.writeString(index(), "{\"uid\":3,\"offset\":", StandardOpenOption.APPEND);

        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            assertThat(Files.size(mbox())).isEqualTo(committedMbox);
            assertThat(Files.size(index())).isEqualTo(committedIndex);
            assertThat(sink.syncState().lastUid()).isEqualTo(2);
            assertThat(sink.write(List.of(message(3, "c\n")))).containsExactly(WriteOutcome.written(3, 2));
        }

        assertThat(readInbox()).containsExactly("a\n", "b\n", "c\n");
        assertThat(Files.readAllLines(index())).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("{"));
    }

    @Test
    void writeShouldRejectAMessageWhoseContentCannotBeReadAndLeaveNothingOfIt() {
        MessageContent failsWhileWritten = new MessageContent() {
            private int opens;

            @Override
            public long size() {
                return 200_000;
            }

            @Override
            public InputStream open() {
                boolean fail = ++opens > 1;
                return new InputStream() {
                    private int left = 200_000;

                    @Override
                    public int read() throws IOException {
                        if (fail && left <= 130_000) {
                            throw new IOException("spool file vanished");
                        }
                        return left-- > 0 ? 'x' : -1;
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            List<WriteOutcome> outcomes = sink.write(List.of(message(1, "a\n"),
                    message(2, failsWhileWritten, MessageFlags.NONE), message(3, "c\n")));

            assertThat(outcomes).extracting(WriteOutcome::kind).containsExactly(Kind.WRITTEN, Kind.REJECTED, Kind.WRITTEN);
            assertThat(outcomes.get(1).reason()).contains("spool file vanished");
        }
        assertThat(readInbox()).containsExactly("a\n", "c\n");
    }

    @Test
    void writeShouldRefuseMessagesBeforeAGenerationIsDeclared() {
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            assertThatThrownBy(() -> sink.write(List.of(message(1, "a\n"))))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void beginGenerationShouldRetireTheOldFilesWhenUidValidityChanges() throws IOException {
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            sink.write(List.of(message(1, "old one\n"), message(2, "old two\n")));
            sink.completePass(77);
        }

        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            String said = sink.beginGeneration(UIDVALIDITY + 1);

            assertThat(said).contains("UIDVALIDITY changed from " + UIDVALIDITY + " to " + (UIDVALIDITY + 1))
                    .contains("INBOX [uidvalidity " + UIDVALIDITY + "]").contains("2 messages");
            assertThat(sink.syncState()).isEqualTo(new SyncState(UIDVALIDITY + 1, 0, 0));
            sink.write(List.of(new SourceMessage(UIDVALIDITY + 1, message(1, "new one\n").meta(),
                    message(1, "new one\n").content())));
        }

        Path retired = root.resolve("INBOX [uidvalidity " + UIDVALIDITY + "].mbox");
        assertThat(retired).exists();
        assertThat(Path.of(retired + ".index")).exists();
        ArchivedFolder retiredState = ArchivedFolder.read(Path.of(retired + ".folder.json")).orElseThrow();
        assertThat(retiredState.path()).isEqualTo(new FolderPath(List.of("INBOX [uidvalidity " + UIDVALIDITY + "]")));
        assertThat(retiredState.uidValidity()).isEqualTo(UIDVALIDITY);
        assertThat(retiredState.retiredUidValidity()).isEqualTo(UIDVALIDITY);
        assertThat(retiredState.highestModSeq()).isEqualTo(77);
        assertThat(ArchivedFolder.read(root.resolve("INBOX.mbox.folder.json")).orElseThrow().uidValidity())
                .isEqualTo(UIDVALIDITY + 1);
        try (MboxStore store = MboxStore.open(root, false)) {
            assertThat(store.listFolders()).extracting(f -> f.path().display())
                    .containsExactly("INBOX", "INBOX [uidvalidity " + UIDVALIDITY + "]");
            assertThat(read(store, store.listFolders().get(1))).containsExactly("old one\n", "old two\n");
            assertThat(read(store, store.listFolders().get(0))).containsExactly("new one\n");
        }
    }

    @Test
    void updateFlagsShouldAppendOnlyChangesOfHeldMessages() throws IOException {
        MessageFlags seen = flags(EnumSet.of(SystemFlag.SEEN), "Done");
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            sink.write(List.of(message(1, "a\n"), message(2, "b\n")));
            long before = Files.readAllLines(index()).size();

            sink.updateFlags(List.of(new FlagChange(1, MessageFlags.NONE), new FlagChange(2, seen),
                    new FlagChange(99, seen)));

            List<String> lines = Files.readAllLines(index());
            assertThat(lines).hasSize((int) before + 1);
            assertThat(lines.get(lines.size() - 1))
                    .isEqualTo("{\"op\":\"flags\",\"uid\":2,\"flags\":[\"\\\\Seen\"],\"keywords\":[\"Done\"]}");
        }
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            long before = Files.readAllLines(index()).size();
            sink.updateFlags(List.of(new FlagChange(2, seen)));
            assertThat(Files.readAllLines(index())).as("replayed flags are current").hasSize((int) before);
        }
    }

    @Test
    void completePassShouldRecordHighestModSeqInTheSyncState() {
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            sink.write(List.of(message(4, "a\n")));
            sink.completePass(12345);
        }
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = openInbox(store)) {
            assertThat(sink.syncState()).isEqualTo(new SyncState(UIDVALIDITY, 4, 12345));
        }
    }

    @Test
    void openSinkShouldNameNestedFoldersAfterTheirEncodedSegments() {
        FolderPath odd = new FolderPath(List.of("Archive", "2026/Q1", "Caf\u00e9 & co."));
        try (MboxStore store = MboxStore.open(root, true)) {
            store.openSink(FolderInfo.of(WORK), WORK).close();
            store.openSink(FolderInfo.of(odd), odd).close();
            store.openSink(FolderInfo.of(FolderPath.of("Projects")), FolderPath.of("Projects")).close();
        }

        assertThat(root.resolve("Projects/Work.mbox")).exists();
        assertThat(root.resolve("Projects/Work.mbox.index")).exists();
        assertThat(root.resolve("Projects/Work.mbox.folder.json")).exists();
        assertThat(root.resolve("Projects.mbox")).exists();
        assertThat(root.resolve("Archive/2026%2FQ1/Caf&AOk- &- co%2E.mbox")).exists();
        try (MboxStore store = MboxStore.open(root, false)) {
            assertThat(store.listFolders()).extracting(FolderInfo::path).containsExactly(
                    odd, FolderPath.of("Projects"), WORK);
            assertThat(store.listFolders()).extracting(FolderInfo::rawName).containsExactly(
                    "Archive/2026%2FQ1/Caf&AOk- &- co%2E.mbox", "Projects.mbox", "Projects/Work.mbox");
        }
    }

    @Test
    void openSinkShouldSuffixTheNameWhenAnotherFolderDiffersOnlyInCase() {
        FolderPath upper = FolderPath.of("Receipts");
        FolderPath lower = FolderPath.of("receipts");
        try (MboxStore store = MboxStore.open(root, true)) {
            try (FolderSink sink = store.openSink(FolderInfo.of(upper), upper)) {
                sink.beginGeneration(UIDVALIDITY);
                sink.write(List.of(message(1, "upper\n")));
            }
            try (FolderSink sink = store.openSink(FolderInfo.of(lower), lower)) {
                sink.beginGeneration(UIDVALIDITY);
                sink.write(List.of(message(1, "lower\n")));
            }
            try (FolderSink sink = store.openSink(FolderInfo.of(lower), lower)) {
                assertThat(sink.syncState().lastUid()).as("found again").isEqualTo(1);
            }
        }

        assertThat(root.resolve("Receipts.mbox")).exists();
        assertThat(root.resolve("receipts" + ArchiveNames.caseSuffix("receipts") + ".mbox"))
                .exists();
        try (MboxStore store = MboxStore.open(root, false)) {
            assertThat(store.listFolders()).extracting(FolderInfo::path).containsExactly(upper, lower);
            assertThat(read(store, FolderInfo.of(upper))).containsExactly("upper\n");
            assertThat(read(store, FolderInfo.of(lower))).containsExactly("lower\n");
        }
    }

    @Test
    void listFoldersShouldDecodeFileNamesWhenAFolderHasNoStateFile() throws IOException {
        try (MboxStore store = MboxStore.open(root, true)) {
            store.openSink(FolderInfo.of(WORK), WORK).close();
        }
        Files.delete(root.resolve("Projects/Work.mbox.folder.json"));

        try (MboxStore store = MboxStore.open(root, false)) {
            assertThat(store.listFolders()).extracting(FolderInfo::path).containsExactly(WORK);
        }
    }

    @Test
    void openSinkShouldRefuseASecondSinkForTheSameFolder() {
        try (MboxStore store = MboxStore.open(root, true); FolderSink first = openInbox(store)) {
            assertThatThrownBy(() -> openInbox(store)).hasMessageContaining("already being written");
            first.close();
            openInbox(store).close();
        }
    }

    @Test
    void openShouldFailWhileAnotherWriterHoldsTheArchive() {
        try (MboxStore store = MboxStore.open(root, true)) {
            assertThatThrownBy(() -> MboxStore.open(root, true)).hasMessageContaining("in use");
            assertThat(store.describe()).isEqualTo("mbox:" + root.toAbsolutePath());
        }
        MboxStore.open(root, true).close();
    }

    @Test
    void filesShouldBeReadableByTheOwnerOnly() throws IOException {
        Path archive = root.resolve("new-archive");
        try (MboxStore store = MboxStore.open(archive, true); FolderSink sink = store.openSink(FolderInfo.of(WORK), WORK)) {
            sink.beginGeneration(UIDVALIDITY);
            sink.write(List.of(message(1, "a\n")));
        }

        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(archive)) {
            walk.forEach(all::add);
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(6).allSatisfy(p -> assertThat(
                PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                .as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }

    private Path mbox() {
        return root.resolve("INBOX.mbox");
    }

    private Path index() {
        return root.resolve("INBOX.mbox.index");
    }

    private static FolderSink openInbox(MboxStore store) {
        return store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX);
    }

    private List<String> readInbox() {
        try (MboxStore store = MboxStore.open(root, false)) {
            return read(store, FolderInfo.of(FolderPath.INBOX));
        }
    }

    private static List<String> read(MboxStore store, FolderInfo folder) {
        List<String> texts = new ArrayList<>();
        try (FolderSource source = store.openSource(folder); MessageCursor cursor = source.messagesAfter(0)) {
            for (SourceMessage m = cursor.next(); m != null; m = cursor.next()) {
                texts.add(new String(bytes(m.content()), StandardCharsets.ISO_8859_1));
            }
        }
        return texts;
    }
}
