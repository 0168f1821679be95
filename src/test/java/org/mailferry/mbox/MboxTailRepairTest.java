package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.UIDVALIDITY;
import static org.mailferry.mbox.TestMessages.message;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.Compression;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.SourceMessage;

/** A backup opening an mbox whose data file was cut short keeps the intact messages and the cut bytes. */
class MboxTailRepairTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "ZSTD"})
    void openingShouldCutBackToTheLastIntactMessageAndKeepTheRestAside(String compression) throws IOException {
        Compression c = Compression.valueOf(compression);
        try (MboxStore store = MboxStore.open(root, true, c); FolderSink sink = openInbox(store)) {
            sink.beginGeneration(UIDVALIDITY);
            for (int uid = 1; uid <= 5; uid++) {
                sink.write(List.of(message(uid, ("message " + uid + "\n").repeat(200))));
            }
        }
        Path data = root.resolve(c == Compression.NONE ? "INBOX.mbox" : "INBOX.mbox.zst");
        long cutBy = c == Compression.NONE ? 1000 : 10; // a message is 2,000 bytes of text
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - cutBy);
        }

        try (MboxStore store = MboxStore.open(root, true, c); FolderSink sink = openInbox(store)) {
            assertThat(sink.drainNotes()).singleElement().asString().contains("cut back to the last intact message");
            assertThat(sink.syncState().lastUid()).isEqualTo(4);
        }
        assertThat(readInbox()).hasSize(4);
        try (Stream<Path> kept = Files.list(root.resolve(MboxTailRepair.DAMAGED_DIR))) {
            assertThat(kept.toList()).singleElement().satisfies(p -> assertThat(Files.size(p)).isPositive());
        }
    }

    private static FolderSink openInbox(MboxStore store) {
        return store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX);
    }

    private List<Long> readInbox() {
        List<Long> uids = new ArrayList<>();
        try (MboxStore store = MboxStore.open(root, false); var src = store.openSource(FolderInfo.of(FolderPath.INBOX));
             var c = src.messagesAfter(0)) {
            for (SourceMessage m = c.next(); m != null; m = c.next()) {
                uids.add(m.uid());
                m.close();
            }
        }
        return uids;
    }
}
