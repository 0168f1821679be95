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
import org.mailferry.archive.Compression;
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
    private MboxFiles files;
    private Path index;
    private Path mbox;

    @BeforeEach
    void files() throws IOException {
        files = MboxFiles.of(dir, "x");
        index = files.index();
        mbox = files.mbox();
        Files.write(mbox, new byte[100]);
    }

    @Test
    void readShouldReplayFlagUpdatesWithLaterLinesWinning() throws IOException {
        Files.writeString(index, HEADER + FIRST + SECOND
                + "{\"op\":\"flags\",\"uid\":8,\"flags\":[\"\\\\Flagged\"],\"keywords\":[\"B\"]}\n"
                + "{\"op\":\"flags\",\"uid\":8,\"flags\":[\"\\\\Answered\",\"\\\\Seen\"],\"keywords\":[]}\n"
                + "{\"op\":\"flags\",\"uid\":99,\"flags\":[],\"keywords\":[]}\n");

        MboxIndex read = MboxIndex.read(files);

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

        MboxIndex read = MboxIndex.read(files);

        assertThat(read.entries()).extracting(MboxEntry::uid).containsExactly(3L);
        assertThat(Files.size(index)).isEqualTo(indexSize);
        assertThat(Files.size(mbox)).isEqualTo(100);
    }

    @Test
    void recoverShouldTruncateAPartialLineAndTheMboxAfterTheLastIndexedMessage() throws IOException {
        Files.writeString(index, HEADER + FIRST + "{\"uid\":8,\"off");

        try (MboxIndex recovered = MboxIndex.recover(files, Compression.NONE)) {
            assertThat(recovered.end()).isEqualTo(50);
        }

        assertThat(Files.readString(index)).isEqualTo(HEADER + FIRST);
        assertThat(Files.size(mbox)).isEqualTo(50);
    }

    @Test
    void recoverShouldStartAnIndexWithItsHeaderWhenThereIsNone() throws IOException {
        Files.delete(mbox);

        try (MboxIndex created = MboxIndex.recover(files, Compression.NONE)) {
            assertThat(created.entries()).isEmpty();
        }

        assertThat(Files.readString(index)).isEqualTo(HEADER);
    }

    @Test
    void recoverShouldFailNamingFileAndOffsetWhenTheMboxIsShorterThanItsIndexWhileReadLeavesThatToTheReader()
            throws IOException {
        Files.writeString(index, HEADER + FIRST + SECOND);
        try (var ch = Files.newByteChannel(mbox, StandardOpenOption.WRITE)) {
            ch.truncate(60);
        }

        assertThatThrownBy(() -> MboxIndex.recover(files, Compression.NONE))
                .isInstanceOf(MailferryException.class)
                .hasMessageContaining(mbox.toString()).hasMessageContaining("ends at byte 60")
                .hasMessageContaining("up to byte 100")
                .satisfies(e -> assertThat(((MailferryException) e).exitCode()).isEqualTo(ExitCode.ARCHIVE));
        assertThat(MboxIndex.read(files).entries()).hasSize(2);
        assertThat(Files.size(mbox)).isEqualTo(60);
    }

    @Test
    void readShouldNameTheLineOfADamagedEntry() throws IOException {
        Files.writeString(index, HEADER + FIRST + "{\"uid\":8,\"offset\":50}\n");

        assertThatThrownBy(() -> MboxIndex.read(files))
                .hasMessageStartingWith(index + " line 3 is damaged");
    }

    @Test
    void readShouldRefuseEntriesThatAreNotContiguous() throws IOException {
        Files.writeString(index, HEADER + SECOND + FIRST);

        assertThatThrownBy(() -> MboxIndex.read(files))
                .hasMessageContaining("line 2").hasMessageContaining("expected offset 0");
    }

    @Test
    void readShouldRefuseANewerFormatVersion() throws IOException {
        Files.writeString(index, "{\"format\":\"mailferry-mbox-index\",\"version\":3}\n");

        assertThatThrownBy(() -> MboxIndex.read(files)).hasMessageContaining("upgrade mailferry");
    }

    @Test
    void recoverShouldRefuseToTruncateAnMboxWhoseIndexLostItsHeader() throws IOException {
        Files.writeString(index, "{\"format\":\"mailferry-mb");

        assertThatThrownBy(() -> MboxIndex.recover(files, Compression.NONE)).hasMessageContaining("has no index");
        assertThat(mbox).hasSize(100);
    }

    @Test
    void recoverShouldRefuseAnMboxThatHasNoIndex() {
        assertThatThrownBy(() -> MboxIndex.recover(files, Compression.NONE))
                .hasMessageContaining("not written by mailferry");
        assertThat(index).doesNotExist();
        assertThat(mbox).hasSize(100);
    }

    private static final String ZSTD_HEADER = "{\"format\":\"mailferry-mbox-index\",\"version\":2,\"compression\":\"zstd\"}\n";
    private static final String FRAME_OF_BOTH = "{\"op\":\"frame\",\"fileOffset\":0,\"fileLength\":30,\"mboxOffset\":0,"
            + "\"mboxLength\":100}\n";

    @Test
    void readShouldCommitCompressedMessagesOnlyWithTheFrameLineThatFollowsThem() throws IOException {
        Files.writeString(index, ZSTD_HEADER + FIRST + SECOND + FRAME_OF_BOTH + FIRST.replace("\"uid\":3", "\"uid\":9")
                .replace("\"offset\":0", "\"offset\":100"));

        MboxIndex read = MboxIndex.read(files);

        assertThat(read.compression()).isEqualTo(Compression.ZSTD);
        assertThat(read.entries()).extracting(MboxEntry::uid).containsExactly(3L, 8L);
        assertThat(read.frames()).containsExactly(new MboxFrame(0, 30, 0, 100));
        assertThat(read.frameAt(50)).isEqualTo(new MboxFrame(0, 30, 0, 100));
        assertThat(read.frameAt(100)).isNull();
        assertThat(read.dataEnd()).isEqualTo(30);
    }

    @Test
    void recoverShouldCutACompressedIndexAfterItsLastFrameAndTheFileAfterThatFrame() throws IOException {
        Files.write(files.data(Compression.ZSTD), new byte[45]);
        Files.writeString(index, ZSTD_HEADER + FIRST + SECOND + FRAME_OF_BOTH + FIRST.replace("\"uid\":3", "\"uid\":9")
                .replace("\"offset\":0", "\"offset\":100"));
        Files.delete(mbox);

        try (MboxIndex recovered = MboxIndex.recover(files, Compression.NONE)) {
            assertThat(recovered.compression()).as("the index decides, not the caller").isEqualTo(Compression.ZSTD);
            assertThat(recovered.lastUid()).isEqualTo(8);
        }

        assertThat(Files.readString(index)).isEqualTo(ZSTD_HEADER + FIRST + SECOND + FRAME_OF_BOTH);
        assertThat(Files.size(files.data(Compression.ZSTD))).isEqualTo(30);
    }

    @Test
    void readShouldRefuseAFrameThatDoesNotHoldExactlyTheMessagesBeforeIt() throws IOException {
        Files.writeString(index, ZSTD_HEADER + FIRST + FRAME_OF_BOTH);

        assertThatThrownBy(() -> MboxIndex.read(files)).hasMessageContaining("line 3 is damaged")
                .hasMessageContaining("does not hold exactly messages 3..3");
    }

    @Test
    void recoverShouldWriteAVersion2HeaderForANewCompressedIndex() throws IOException {
        Files.delete(mbox);

        try (MboxIndex created = MboxIndex.recover(files, Compression.XZ)) {
            assertThat(created.compression()).isEqualTo(Compression.XZ);
        }

        assertThat(Files.readString(index))
                .isEqualTo("{\"format\":\"mailferry-mbox-index\",\"version\":2,\"compression\":\"xz\"}\n");
    }
}
