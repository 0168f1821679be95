package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SystemFlag;

class MboxIndexTest {

    private static final String HEADER = "{\"format\":\"mailferry-mbox-index\",\"version\":1}\n";
    private static final String FIRST = "{\"uid\":3,\"offset\":0,\"length\":50,\"size\":5,\"crlf\":false,"
            + "\"internalDate\":\"2026-11-05T09:03:02Z\",\"flags\":[\"\\\\Seen\"],\"keywords\":[\"A\"],\"sha256\":\"00\"}\n";
    private static final String SECOND = "{\"uid\":8,\"offset\":50,\"length\":50,\"size\":5,\"crlf\":true,"
            + "\"internalDate\":\"2026-11-05T09:03:03Z\",\"flags\":[],\"keywords\":[],\"sha256\":\"11\"}\n";

    @TempDir
    Path dir;
    private Path index;
    private Path mbox;

    @BeforeEach
    void files() throws IOException {
        index = dir.resolve("x.mbox.index");
        mbox = dir.resolve("x.mbox");
        Files.write(mbox, new byte[100]);
    }

    @Test
    void readShouldReplayFlagUpdatesWithLaterLinesWinning() throws IOException {
        Files.writeString(index, HEADER + FIRST + SECOND
                + "{\"op\":\"flags\",\"uid\":8,\"flags\":[\"\\\\Flagged\"],\"keywords\":[\"B\"]}\n"
                + "{\"op\":\"flags\",\"uid\":8,\"flags\":[\"\\\\Answered\",\"\\\\Seen\"],\"keywords\":[]}\n"
                + "{\"op\":\"flags\",\"uid\":99,\"flags\":[],\"keywords\":[]}\n");

        MboxIndex read = MboxIndex.read(index, mbox);

        assertThat(read.entries()).extracting(MboxEntry::uid).containsExactly(3L, 8L);
        assertThat(read.entry(3).flags()).isEqualTo(MessageFlags.of(EnumSet.of(SystemFlag.SEEN), Set.of("A")));
        assertThat(read.entry(8).flags())
                .isEqualTo(MessageFlags.of(EnumSet.of(SystemFlag.ANSWERED, SystemFlag.SEEN), Set.of()));
        assertThat(read.entry(8).crlf()).isTrue();
        assertThat(read.lastUid()).isEqualTo(8);
        assertThat(read.end()).isEqualTo(100);
        assertThat(read.entriesAfter(3)).extracting(MboxEntry::uid).containsExactly(8L);
    }

    @Test
    void readShouldIgnoreAPartialLineAndAnUncommittedTailWithoutChangingFiles() throws IOException {
        Files.writeString(index, HEADER + FIRST + "{\"uid\":8,\"off");
        long indexSize = Files.size(index);

        MboxIndex read = MboxIndex.read(index, mbox);

        assertThat(read.entries()).extracting(MboxEntry::uid).containsExactly(3L);
        assertThat(Files.size(index)).isEqualTo(indexSize);
        assertThat(Files.size(mbox)).isEqualTo(100);
    }

    @Test
    void recoverShouldTruncateAPartialLineAndTheMboxAfterTheLastIndexedMessage() throws IOException {
        Files.writeString(index, HEADER + FIRST + "{\"uid\":8,\"off");

        try (MboxIndex recovered = MboxIndex.recover(index, mbox)) {
            assertThat(recovered.end()).isEqualTo(50);
        }

        assertThat(Files.readString(index)).isEqualTo(HEADER + FIRST);
        assertThat(Files.size(mbox)).isEqualTo(50);
    }

    @Test
    void recoverShouldStartAnIndexWithItsHeaderWhenThereIsNone() throws IOException {
        Files.delete(mbox);

        try (MboxIndex created = MboxIndex.recover(index, mbox)) {
            assertThat(created.entries()).isEmpty();
        }

        assertThat(Files.readString(index)).isEqualTo(HEADER);
    }

    @Test
    void readShouldFailNamingFileAndOffsetWhenTheMboxIsShorterThanItsIndex() throws IOException {
        Files.writeString(index, HEADER + FIRST + SECOND);
        try (var ch = Files.newByteChannel(mbox, StandardOpenOption.WRITE)) {
            ch.truncate(60);
        }

        assertThatThrownBy(() -> MboxIndex.read(index, mbox))
                .isInstanceOf(MailferryException.class)
                .hasMessageContaining(mbox.toString()).hasMessageContaining("ends at byte 60")
                .hasMessageContaining("up to byte 100")
                .satisfies(e -> assertThat(((MailferryException) e).exitCode()).isEqualTo(ExitCode.ARCHIVE));
        assertThatThrownBy(() -> MboxIndex.recover(index, mbox)).hasMessageContaining("ends at byte 60");
        assertThat(Files.size(mbox)).isEqualTo(60);
    }

    @Test
    void readShouldNameTheLineOfADamagedEntry() throws IOException {
        Files.writeString(index, HEADER + FIRST + "{\"uid\":8,\"offset\":50}\n");

        assertThatThrownBy(() -> MboxIndex.read(index, mbox))
                .hasMessageStartingWith(index + " line 3 is damaged");
    }

    @Test
    void readShouldRefuseEntriesThatAreNotContiguous() throws IOException {
        Files.writeString(index, HEADER + SECOND + FIRST);

        assertThatThrownBy(() -> MboxIndex.read(index, mbox))
                .hasMessageContaining("line 2").hasMessageContaining("expected offset 0");
    }

    @Test
    void readShouldRefuseANewerFormatVersion() throws IOException {
        Files.writeString(index, "{\"format\":\"mailferry-mbox-index\",\"version\":2}\n");

        assertThatThrownBy(() -> MboxIndex.read(index, mbox)).hasMessageContaining("upgrade mailferry");
    }

    @Test
    void recoverShouldRefuseToTruncateAnMboxWhoseIndexLostItsHeader() throws IOException {
        Files.writeString(index, "{\"format\":\"mailferry-mb");

        assertThatThrownBy(() -> MboxIndex.recover(index, mbox)).hasMessageContaining("has no index");
        assertThat(mbox).hasSize(100);
    }

    @Test
    void recoverShouldRefuseAnMboxThatHasNoIndex() {
        assertThatThrownBy(() -> MboxIndex.recover(index, mbox))
                .hasMessageContaining("not written by mailferry");
        assertThat(index).doesNotExist();
        assertThat(mbox).hasSize(100);
    }
}
