package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.bytes;
import static org.mailferry.mbox.TestMessages.flags;
import static org.mailferry.mbox.TestMessages.message;
import static org.mailferry.mbox.TestMessages.sha256;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.FileContent;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SystemFlag;
import org.mailferry.store.WriteOutcome;

class MboxRoundTripTest {

    /** Messages that mboxrd, line-ending handling and separators could each get wrong. */
    static final List<byte[]> NASTY = List.of(
            "From someone@example.com Thu Nov  5 09:03:02 2026\r\nSubject: starts like a separator\r\n\r\nbody\r\n",
            "Subject: quoted\r\n\r\n>From x\r\n>>From y\r\nFrom z\r\nFrom\r\n",
            "Subject: LF only\n\nFrom here\n>From there\n",
            "Subject: mixed\r\n\nbody\r\nlone\rCR\nFrom end\r\n",
            "Subject: no final newline\r\n\r\nlast line",
            "Subject: lone LF at the end\r\n\r\nlast\n",
            "",
            "Subject: header only\r\n",
            "Subject: blank lines at the end\r\n\r\n\r\n\r\n",
            "Subject: \u00e9t\u00e9 8-bit \u00ff\u0080\r\n\r\n\u00e9\u0000\u00ff\r\nFrom \u00e9\r\n",
            "\r\n\r\nFrom \r\n",
            "Subject: ends with CR\r\n\r\nx\r"
    ).stream().map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toList();

    @TempDir
    Path root;

    @Test
    void writeThenReadShouldRestoreExactBytesFlagsKeywordsAndDatesInUidOrder() {
        List<SourceMessage> written = new ArrayList<>();
        for (int i = 0; i < NASTY.size(); i++) {
            MessageFlags f = i % 2 == 0 ? flags(EnumSet.of(SystemFlag.SEEN, SystemFlag.FLAGGED), "$Label" + i, "Work")
                    : MessageFlags.NONE;
            written.add(message(10L * (i + 1), NASTY.get(i), f));
        }
        try (MboxStore store = MboxStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            assertThat(sink.write(written)).extracting(WriteOutcome::kind).containsOnly(WriteOutcome.Kind.WRITTEN);
        }

        try (MboxStore store = MboxStore.open(root, false);
             FolderSource source = store.openSource(FolderInfo.of(FolderPath.INBOX));
             MessageCursor cursor = source.messagesAfter(0)) {
            assertThat(source.uidValidity()).isEqualTo(TestMessages.UIDVALIDITY);
            assertThat(cursor.expectedCount()).isEqualTo(NASTY.size());
            assertThat(cursor.expectedBytes()).isEqualTo(NASTY.stream().mapToLong(b -> b.length).sum());
            for (SourceMessage expected : written) {
                SourceMessage actual = cursor.next();
                assertThat(actual.uid()).isEqualTo(expected.uid());
                assertThat(actual.uidValidity()).isEqualTo(TestMessages.UIDVALIDITY);
                assertThat(actual.meta().internalDate()).isEqualTo(expected.meta().internalDate());
                assertThat(actual.meta().flags()).isEqualTo(expected.meta().flags());
                assertThat(actual.content().size()).isEqualTo(expected.content().size());
                assertThat(sha256(bytes(actual.content()))).as("message %d", actual.uid())
                        .isEqualTo(sha256(bytes(expected.content())));
            }
            assertThat(cursor.next()).isNull();
        }
    }

    @Test
    void indexShouldRecordSizeAndSha256OfTheOriginalBytes() {
        byte[] crlf = NASTY.get(1);
        try (MboxStore store = MboxStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            sink.write(List.of(message(7, crlf, MessageFlags.NONE)));
        }

        MboxIndex index = MboxIndex.read(MboxFiles.of(root, "INBOX"));
        MboxEntry e = index.entry(7);
        assertThat(e.size()).isEqualTo(crlf.length);
        assertThat(e.crlf()).isTrue();
        assertThat(e.sha256()).isEqualTo(sha256(crlf));
        assertThat(e.offset()).isZero();
        assertThat(e.length()).isEqualTo(root.resolve("INBOX.mbox").toFile().length());
    }

    @Test
    void messagesAfterShouldStartAfterTheGivenUid() {
        writeInbox(message(1, "a\n"), message(2, "b\n"), message(5, "c\n"));

        try (MboxStore store = MboxStore.open(root, false);
             FolderSource source = store.openSource(FolderInfo.of(FolderPath.INBOX));
             MessageCursor cursor = source.messagesAfter(1)) {
            assertThat(cursor.expectedCount()).isEqualTo(2);
            assertThat(cursor.expectedBytes()).isEqualTo(4);
            assertThat(cursor.next().uid()).isEqualTo(2);
            assertThat(cursor.next().uid()).isEqualTo(5);
            assertThat(cursor.next()).isNull();
            assertThat(source.highestModSeq()).isZero();
        }
    }

    @Test
    void writeShouldStreamMessagesOfSeveralMegabytes(@TempDir Path spool) throws IOException {
        Path big = spool.resolve("big.eml");
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[76];
            for (int i = 0; i < 80_000; i++) {
                if (i % 100 == 0) {
                    out.write(">>From the middle\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                for (int j = 0; j < line.length; j++) {
                    line[j] = (byte) ('A' + random.nextInt(26));
                }
                out.write(line);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] original = Files.readAllBytes(big);
        writeInbox(message(3, new FileContent(big, Files.size(big)), MessageFlags.NONE));

        try (MboxStore store = MboxStore.open(root, false);
             FolderSource source = store.openSource(FolderInfo.of(FolderPath.INBOX));
             MessageCursor cursor = source.messagesAfter(0)) {
            SourceMessage m = cursor.next();
            assertThat(m.content().size()).isEqualTo(original.length).isGreaterThan(6_000_000);
            assertThat(sha256(bytes(m.content()))).isEqualTo(sha256(original));
            assertThat(sha256(bytes(m.content()))).as("readable again").isEqualTo(sha256(original));
        }
    }

    @Test
    void flagsThroughShouldReportCurrentFlagsUpToTheGivenUid() {
        writeInbox(message(1, "a\n"), message(2, "b\n"), message(3, "c\n"));
        MessageFlags seen = flags(EnumSet.of(SystemFlag.SEEN), "Later");
        try (MboxStore store = MboxStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.updateFlags(List.of(new FlagChange(2, seen)));
        }

        List<FlagChange> changes = new ArrayList<>();
        try (MboxStore store = MboxStore.open(root, false);
             FolderSource source = store.openSource(FolderInfo.of(FolderPath.INBOX))) {
            source.flagsThrough(2, 0, changes::add);
        }

        assertThat(changes).containsExactly(new FlagChange(1, MessageFlags.NONE),
                new FlagChange(2, seen));
    }

    private void writeInbox(SourceMessage... messages) {
        try (MboxStore store = MboxStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            sink.write(List.of(messages));
        }
    }
}
