package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.bytes;
import static org.mailferry.mbox.TestMessages.flags;
import static org.mailferry.mbox.TestMessages.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SystemFlag;

/**
 * {@code src/test/resources/mbox/golden/}: the mbox and index that {@link #MESSAGES} must give,
 * byte for byte. A change here is a change of the on-disk format: update {@code package-info}.
 */
class MboxGoldenFileTest {

    static final List<SourceMessage> MESSAGES = List.of(
            message(1, latin1("From someone@example.com Thu Nov  5 09:03:02 2026\r\nSubject: separator-like\r\n"
                    + "\r\n>From quoted\r\n>>From twice\r\nFrom\r\n"), flags(EnumSet.of(SystemFlag.SEEN), "$Label1")),
            message(2, latin1("Subject: mixed\r\n\nlone\rCR\nFrom x\r\n"), MessageFlags.NONE),
            message(5, latin1("Subject: no final newline\r\n\r\nend"),
                    flags(EnumSet.of(SystemFlag.ANSWERED, SystemFlag.FLAGGED), "Work", "$Forwarded")),
            message(6, latin1(""), MessageFlags.NONE),
            message(9, latin1("Subject: \u00e9 8-bit\n\n\u00ff\n"), flags(EnumSet.of(SystemFlag.DRAFT))));

    @TempDir
    Path root;

    @Test
    void writeShouldProduceTheGoldenMboxAndIndex() throws IOException {
        try (MboxStore store = MboxStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            sink.write(MESSAGES);
        }

        assertThat(Files.readAllBytes(root.resolve("INBOX.mbox"))).isEqualTo(golden("INBOX.mbox"));
        assertThat(Files.readString(root.resolve("INBOX.mbox.index")))
                .isEqualTo(new String(golden("INBOX.mbox.index"), StandardCharsets.UTF_8));
    }

    @Test
    void readShouldRestoreTheOriginalMessagesFromTheGoldenFiles() throws IOException {
        Files.write(root.resolve("INBOX.mbox"), golden("INBOX.mbox"));
        Files.write(root.resolve("INBOX.mbox.index"), golden("INBOX.mbox.index"));

        MboxIndex index = MboxIndex.read(MboxFiles.of(root, "INBOX"));
        MboxData data = new MboxData(root.resolve("INBOX.mbox"), index);

        assertThat(index.entries()).hasSameSizeAs(MESSAGES);
        for (SourceMessage expected : MESSAGES) {
            MboxEntry e = index.entry(expected.uid());
            assertThat(e.flags()).isEqualTo(expected.meta().flags());
            assertThat(e.internalDate()).isEqualTo(expected.meta().internalDate());
            assertThat(bytes(new MboxEntryContent(data, e)))
                    .isEqualTo(bytes(expected.content()));
        }
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = MboxGoldenFileTest.class.getResourceAsStream("/mbox/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
