package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.UIDVALIDITY;
import static org.mailferry.mbox.TestMessages.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;

/** Retention rewrites an mbox crash-safely: uncommitted leftovers vanish, a committed rewrite is finished. */
class MboxCompactionTest {

    @TempDir
    Path root;

    private final FolderInfo inbox = FolderInfo.of(FolderPath.INBOX);

    private void writeFive() {
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = store.openSink(inbox, FolderPath.INBOX)) {
            sink.beginGeneration(UIDVALIDITY);
            List<SourceMessage> messages = new ArrayList<>();
            for (long uid = 1; uid <= 5; uid++) {
                messages.add(message(uid, "From: a@example.org\r\nSubject: " + uid + "\r\n\r\nFrom here\r\n"));
            }
            sink.write(messages);
        }
    }

    private List<Long> uids() {
        List<Long> out = new ArrayList<>();
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = store.openSink(inbox, FolderPath.INBOX)) {
            sink.syncState();
        }
        try (MboxStore store = MboxStore.open(root, false); FolderSource src = store.openSource(inbox);
             MessageCursor c = src.messagesAfter(0)) {
            for (SourceMessage m = c.next(); m != null; m = c.next()) {
                out.add(m.uid());
                m.close();
            }
        }
        return out;
    }

    @Test
    void removeGoneShouldRewriteTheMboxWithoutTheDueMessagesOnly() {
        writeFive();
        try (MboxStore store = MboxStore.open(root, true); FolderSink sink = store.openSink(inbox, FolderPath.INBOX)) {
            assertThat(sink.removeGone(List.of(2L, 4L), Duration.ofHours(1))).isZero();
            assertThat(sink.removeGone(List.of(2L), Duration.ZERO)).isEqualTo(1);
        }
        assertThat(uids()).containsExactly(1L, 3L, 4L, 5L);
        assertThat(root.resolve(MboxCompaction.WORK_DIR).toFile().list()).isEmpty();
    }

    @Test
    void leftoversOfAnUncommittedRewriteShouldBeDroppedAndACommittedOneFinished() throws Exception {
        writeFive();
        MboxFiles files = MboxFiles.of(root, "INBOX");
        Path work = Files.createDirectories(root.resolve(MboxCompaction.WORK_DIR));
        Path savedData = Files.copy(files.mbox(), root.resolve("saved.mbox"));
        Path savedIndex = Files.copy(files.index(), root.resolve("saved.index"));
        try (MboxIndex index = MboxIndex.read(files)) {
            MboxCompaction.rewrite(files, index, List.of(3L));
        }
        // the rewrite's result, put back in the work directory: as if the process died before the renames
        Files.move(files.mbox(), work.resolve("INBOX.mbox"));
        Files.move(files.index(), work.resolve("INBOX.mbox.index"));
        Files.copy(savedData, files.mbox(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(savedIndex, files.index(), StandardCopyOption.REPLACE_EXISTING);

        assertThat(uids()).as("no marker: the rewrite never committed").containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(work.resolve("INBOX.mbox")).doesNotExist();

        try (MboxIndex index = MboxIndex.read(files)) {
            MboxCompaction.rewrite(files, index, List.of(3L));
        }
        Files.move(files.mbox(), work.resolve("INBOX.mbox"));
        Files.move(files.index(), work.resolve("INBOX.mbox.index"));
        Files.copy(savedData, files.mbox(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(savedIndex, files.index(), StandardCopyOption.REPLACE_EXISTING);
        Files.createFile(root.resolve("INBOX.mbox.compacting"));

        assertThat(uids()).as("marker: the committed rewrite is finished").containsExactly(1L, 2L, 4L, 5L);
        assertThat(root.resolve("INBOX.mbox.compacting")).doesNotExist();
    }
}
