package org.mailferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.report.RunSummaries;
import org.mailferry.report.RunSummary;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;
import org.mailferry.store.SystemFlag;
import org.mailferry.testing.MemoryMailbox;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * The copy job in process, on the real batch engine (an H2 job database in a temporary state
 * directory) from a mailbox held in memory into a Maildir archive: restart after a failure,
 * a UIDVALIDITY change and the flags pass, each checked message by message. No server and no
 * child JVM, so these run in a second where the end-to-end tests take a minute.
 */
class CopyJobTest {

    @TempDir
    static Path state;

    @TempDir
    Path archive;

    private static BatchEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = BatchEngine.start(new EngineSettings(state, null, null, null));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void aRunThatFailedMidwayShouldBeRestartedAndEndWithEveryMessageOnce() throws IOException {
        MemoryMailbox mailbox = new MemoryMailbox();
        mailbox.add("INBOX", 45);
        mailbox.add("Archive", 12);
        mailbox.breakAfter(30); // some chunks of the first run commit, then the connection is lost

        JobExecution failed = backup(mailbox);
        assertThat(failed.getStatus()).as("the run that lost its connection").isEqualTo(BatchStatus.FAILED);
        int heldAfterFailure = held("INBOX").size() + held("Archive").size();
        assertThat(heldAfterFailure).as("committed chunks are kept").isBetween(1, 56);

        mailbox.breakAfter(-1);
        JobExecution resumed = backup(mailbox);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstance().getInstanceId()).as("Spring Batch restarted the failed instance")
                .isEqualTo(failed.getJobInstance().getInstanceId());
        assertArchiveEquals(mailbox, "INBOX");
        assertArchiveEquals(mailbox, "Archive");
        RunSummary summary = RunSummaries.of(resumed, engine.repository());
        assertThat(summary.totals().copied()).as("the resumed run copies only what the failed one had not")
                .isEqualTo(57 - heldAfterFailure);
    }

    @Test
    void aNewUidValiditySetsTheOldGenerationAsideAndCopiesTheFolderAgain() throws IOException {
        MemoryMailbox mailbox = new MemoryMailbox();
        mailbox.add("INBOX", 20);
        assertThat(backup(mailbox).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        mailbox.folder("INBOX").renumber(7);
        mailbox.add("INBOX", 3);

        assertThat(backup(mailbox).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertArchiveEquals(mailbox, "INBOX");
        assertThat(held("INBOX [uidvalidity 1]")).as("the earlier generation, set aside whole").hasSize(20);
    }

    @Test
    void theFlagsPassShouldCarryFlagChangesOfMessagesAlreadyHeld() throws IOException {
        MemoryMailbox mailbox = new MemoryMailbox();
        mailbox.add("INBOX", 15);
        assertThat(backup(mailbox).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        mailbox.folder("INBOX").flag(3, MessageFlags.of(EnumSet.of(SystemFlag.SEEN, SystemFlag.FLAGGED), Set.of()));
        mailbox.folder("INBOX").flag(9, MessageFlags.of(EnumSet.of(SystemFlag.ANSWERED), Set.of("$Forwarded", "project")));

        JobExecution second = backup(mailbox);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertArchiveEquals(mailbox, "INBOX");
        assertThat(RunSummaries.of(second, engine.repository()).totals().copied()).as("no message copied again").isZero();
    }

    private JobExecution backup(MemoryMailbox mailbox) {
        try (Store target = MaildirStore.open(archive, true)) {
            String key = ChannelKeys.of("backup", mailbox.describe(), target.describe(), FolderSelection.ALL.describe());
            CopyChannel channel = new CopyChannel(key, "backup", mailbox, target, FolderSelection.ALL, FolderInfo::path,
                    CopyOptions.of(2, 10), ProgressListener.NONE, null, null);
            return engine.runner().run(channel);
        }
    }

    /** The archive's folder, message by message: same UIDs, bytes, flags and internal dates as the mailbox. */
    private void assertArchiveEquals(MemoryMailbox mailbox, String folder) throws IOException {
        List<MemoryMailbox.Message> expected = mailbox.folder(folder).messages();
        List<Held> actual = held(folder);
        assertThat(actual).as(folder + ": every message once, in UID order").extracting(Held::uid)
                .containsExactlyElementsOf(expected.stream().map(MemoryMailbox.Message::uid).toList());
        for (int i = 0; i < expected.size(); i++) {
            MemoryMailbox.Message m = expected.get(i);
            Held h = actual.get(i);
            assertThat(h.bytes()).as(folder + " UID " + m.uid() + " bytes").isEqualTo(m.bytes());
            assertThat(h.flags()).as(folder + " UID " + m.uid() + " flags").isEqualTo(m.flags());
            assertThat(h.message().meta().internalDate()).as(folder + " UID " + m.uid() + " date").isEqualTo(m.internalDate());
        }
    }

    private record Held(SourceMessage message, byte[] bytes) {
        long uid() {
            return message.uid();
        }

        MessageFlags flags() {
            return message.meta().flags();
        }
    }

    private List<Held> held(String folder) throws IOException {
        List<Held> held = new ArrayList<>();
        try (Store store = MaildirStore.open(archive, false)) {
            FolderInfo info = store.listFolders().stream().filter(f -> f.path().display().equals(folder)).findFirst()
                    .orElse(null);
            if (info == null) {
                return held;
            }
            try (FolderSource source = store.openSource(info); MessageCursor cursor = source.messagesAfter(0)) {
                SourceMessage next;
                while ((next = cursor.next()) != null) {
                    try (SourceMessage m = next; InputStream in = m.content().open()) {
                        held.add(new Held(m, in.readAllBytes()));
                    }
                }
            }
        }
        return held;
    }
}
