package org.mailferry.mbox;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.mailferry.archive.ArchiveFiles;
import org.mailferry.archive.Compression;

/**
 * Reads the mbox text held by one folder's data file, plain or compressed (format:
 * {@code package-info}). Plain, the text is the file. Compressed, the text at a given offset is
 * found through the index's units ({@link MboxFrame}): the unit holding it is decompressed from
 * its start, which costs at most one unit's text (about {@link FramedMboxAppender#UNIT_TARGET})
 * before the message. Each stream opens its own channel; closing the stream closes it.
 * Stateless apart from the index; thread-safe for reading.
 */
final class MboxData {

    private final Path file;
    private final MboxIndex index;

    MboxData(Path file, MboxIndex index) {
        this.file = file;
        this.index = index;
    }

    Path file() {
        return file;
    }

    Compression compression() {
        return index.compression();
    }

    /**
     * The mbox text from {@code mboxOffset} on: to the end of the file when plain, to the end of
     * its unit when compressed. A file or unit that ends early shows as an {@link EOFException}.
     */
    InputStream openAt(long mboxOffset) throws IOException {
        if (compression() == Compression.NONE) {
            return openRaw(mboxOffset);
        }
        MboxFrame unit = index.frameAt(mboxOffset);
        if (unit == null) {
            throw new IOException("the index lists no compressed unit holding mbox offset " + mboxOffset);
        }
        InputStream in = openUnit(unit);
        try {
            in.skipNBytes(mboxOffset - unit.mboxOffset());
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The decompressed text of one unit, read from exactly its bytes in the file. */
    InputStream openUnit(MboxFrame unit) throws IOException {
        InputStream raw = new ExactLengthInputStream(openRaw(unit.fileOffset()), unit.fileLength());
        try {
            return compression().decompress(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Where a message lives, for messages a user reads: the file and the offsets to look at. */
    String locate(MboxEntry e) {
        MboxFrame unit = index.frameAt(e.offset());
        if (unit == null) {
            return file + " at byte " + e.offset();
        }
        return file + " (compressed unit at byte " + unit.fileOffset() + ", mbox offset " + e.offset() + ")";
    }

    private InputStream openRaw(long position) throws IOException {
        FileChannel ch = ArchiveFiles.channel(file);
        try {
            return Channels.newInputStream(ch.position(position));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
