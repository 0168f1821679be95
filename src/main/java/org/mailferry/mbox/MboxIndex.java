package org.mailferry.mbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.mailferry.archive.ArchiveFiles;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.Compression;
import org.mailferry.error.MailferryException;
import org.mailferry.mbox.MboxIndexLines.FlagsUpdate;
import org.mailferry.store.MessageFlags;
import org.mailferry.util.PrivateFiles;

/**
 * The sidecar index of one mbox ({@code NAME.mbox.index}), which is the mbox's commit log: a
 * message is in the archive once its index line is durable, and only then. The format is
 * specified in {@code package-info}: JSON Lines, a header {@code {"format":"mailferry-mbox-index",
 * "version":1}} (version 2 with {@code "compression"} for a compressed mbox), then one line per
 * message ({@code uid offset length size crlf internalDate flags keywords sha256}), flag updates
 * ({@code {"op":"flags",...}}, later lines win) and, compressed, one {@code {"op":"frame",...}}
 * line after the messages of each compressed unit ({@link MboxFrame}).
 * <p>
 * Opening replays the index into memory (one {@link MboxEntry} per message, current flags;
 * roughly 250 bytes a message). Lines must hold ascending UIDs and contiguous mbox regions from
 * offset 0, and frames contiguous units covering exactly the messages before them; a complete
 * line that breaks this, or does not parse, fails with the file and line. What follows the last
 * commit is not part of the index: a last line without {@code \n}, and in a compressed index
 * message lines without their frame line; nor is any data byte after the last committed message
 * or frame. {@link #read} ignores both and changes nothing (it does not look at the data: readers
 * check each message as they read it); {@link #recover} truncates both away, after checking
 * that the data file holds everything committed, and keeps the index open for {@link #append}.
 * Data without an index (or an index without its header line) is refused, never truncated. Not
 * thread-safe.
 */
public final class MboxIndex implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final NavigableMap<Long, MboxEntry> entries;
    private final NavigableMap<Long, MboxFrame> frames;
    private final Map<MessageFlags, MessageFlags> distinctFlags;
    private Compression compression;
    private long committed;

    private MboxIndex(Path file, FileChannel channel, MboxIndexReplay replayed) {
        this.file = file;
        this.channel = channel;
        this.entries = replayed.entries();
        this.frames = replayed.frames();
        this.distinctFlags = replayed.distinctFlags();
        this.compression = replayed.compression();
        this.committed = replayed.committed();
    }

    /** Reads the index of {@code files} for restoring or verifying; modifies no file. No index means no messages. */
    static MboxIndex read(MboxFiles files) {
        try {
            MboxIndexReplay replayed = MboxIndexReplay.empty();
            if (ArchiveFiles.exists(files.index())) {
                try (FileChannel ch = ArchiveFiles.channel(files.index())) {
                    replayed = MboxIndexReplay.of(files.index(), ch);
                }
            }
            MboxIndex index = new MboxIndex(files.index(), null, replayed);
            if (index.committed == 0) {
                requireNoData(files);
            }
            return index;
        } catch (IOException e) {
            throw ArchiveErrors.read(files.index(), e);
        }
    }

    /**
     * Opens the index of {@code files} for appending, creating it for {@code compressionIfNew} when
     * absent, after dropping what follows its last commit and truncating the data file to the end
     * of its last committed message or frame.
     */
    static MboxIndex recover(MboxFiles files, Compression compressionIfNew) {
        Path indexFile = files.index();
        FileChannel ch = null;
        try {
            boolean created = !Files.exists(indexFile);
            if (created) {
                requireNoData(files);
            }
            ch = PrivateFiles.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (created) {
                PrivateFiles.fsyncDirectory(indexFile.getParent());
            }
            MboxIndex index = new MboxIndex(indexFile, ch, MboxIndexReplay.of(indexFile, ch));
            if (index.committed == 0) {
                requireNoData(files);
                index.compression = compressionIfNew;
            }
            Path data = files.data(index.compression);
            index.requireDataHoldsCommitted(data);
            ch.truncate(index.committed);
            if (index.committed == 0) {
                index.commit(line(MboxIndexLines.header(index.compression)));
            } else {
                ch.force(true);
            }
            truncateTail(data, index.dataEnd());
            return index;
        } catch (IOException e) {
            closeQuietly(ch);
            throw ArchiveErrors.write(indexFile, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** A complete line of the index does not parse or does not fit: a backup cuts the index back before it ({@link MboxTailRepair#cutIndex}). */
    static final class DamagedLine extends MailferryException {
        private final int lineNo;

        DamagedLine(String message, int lineNo, Throwable cause) {
            super(org.mailferry.error.FailureScope.STORE, org.mailferry.error.ExitCode.ARCHIVE, message, cause);
            this.lineNo = lineNo;
        }

        int lineNo() {
            return lineNo;
        }
    }

    /**
     * The data file ends before what the index committed: a backup cuts it back to its last intact
     * message ({@link MboxTailRepair}); a reader fails with this message.
     */
    static final class Truncated extends MailferryException {
        Truncated(String message) {
            super(org.mailferry.error.FailureScope.STORE, org.mailferry.error.ExitCode.ARCHIVE, message);
        }
    }

    /** How the mbox's data file is compressed (its name: {@link MboxFiles#data}). */
    public Compression compression() {
        return compression;
    }

    /** Every message in ascending UID order, with current flags. */
    public Collection<MboxEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** The messages with UID strictly greater than {@code uid}, ascending. */
    public Collection<MboxEntry> entriesAfter(long uid) {
        return Collections.unmodifiableCollection(entries.tailMap(uid, false).values());
    }

    public MboxEntry entry(long uid) {
        return entries.get(uid);
    }

    /** The compressed units in file order; none for an uncompressed mbox. */
    public Collection<MboxFrame> frames() {
        return Collections.unmodifiableCollection(frames.values());
    }

    /** The compressed unit holding the mbox text at {@code mboxOffset}; null when uncompressed or past the end. */
    public MboxFrame frameAt(long mboxOffset) {
        Map.Entry<Long, MboxFrame> f = frames.floorEntry(mboxOffset);
        return f == null || f.getValue().mboxEnd() <= mboxOffset ? null : f.getValue();
    }

    /** The highest UID indexed, 0 when none. */
    public long lastUid() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    /** Where the committed mbox text ends: the next message's offset. */
    public long end() {
        return entries.isEmpty() ? 0 : entries.lastEntry().getValue().end();
    }

    /** Where the committed content of the data file ends: {@link #end()}, or the last unit's end when compressed. */
    public long dataEnd() {
        if (compression == Compression.NONE) {
            return end();
        }
        return frames.isEmpty() ? 0 : frames.lastEntry().getValue().fileEnd();
    }

    /**
     * Appends the lines of messages just written (and fsynced) to the data file, with the lines of
     * the compressed units holding them (none when uncompressed), then fsyncs; they are then
     * committed. Each unit's line follows the lines of its messages.
     */
    void append(List<MboxEntry> written, List<MboxFrame> newFrames) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int next = 0;
        for (MboxFrame f : newFrames) {
            while (next < written.size() && written.get(next).offset() < f.mboxEnd()) {
                lines.write(line(MboxIndexLines.encode(written.get(next++))));
            }
            lines.write(line(MboxIndexLines.encode(f)));
        }
        while (next < written.size()) {
            lines.write(line(MboxIndexLines.encode(written.get(next++))));
        }
        commit(lines.toByteArray());
        for (MboxEntry e : written) {
            entries.put(e.uid(), e.withFlags(distinct(e.flags())));
        }
        for (MboxFrame f : newFrames) {
            frames.put(f.mboxOffset(), f);
        }
    }

    /** Appends flag update lines for held messages, then fsyncs. */
    void appendFlags(List<FlagsUpdate> updates) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (FlagsUpdate u : updates) {
            lines.write(line(MboxIndexLines.encode(u)));
        }
        commit(lines.toByteArray());
        for (FlagsUpdate u : updates) {
            entries.computeIfPresent(u.uid(), (uid, e) -> e.withFlags(distinct(u.flags())));
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    /** Writes whole lines after the committed ones and fsyncs; on failure cuts the file back. */
    private void commit(byte[] lines) throws IOException {
        if (lines.length == 0) {
            return;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(lines);
            long at = committed;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            channel.force(true);
            committed = at;
        } catch (IOException e) {
            try {
                channel.truncate(committed);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** One shared instance per distinct flag set: most messages share a handful. */
    private MessageFlags distinct(MessageFlags f) {
        return distinctFlags.computeIfAbsent(f, k -> k);
    }

    private static byte[] line(byte[] json) {
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** The data file holds everything committed; else it was truncated or replaced, and writing stops. */
    private void requireDataHoldsCommitted(Path data) throws IOException {
        long size = Files.exists(data) ? Files.size(data) : -1;
        if (!entries.isEmpty() && size < dataEnd()) {
            MboxEntry last = entries.lastEntry().getValue();
            throw new Truncated(data + (size < 0 ? " is missing" : " ends at byte " + size)
                    + " but its index " + file.getFileName() + " lists message " + last.uid()
                    + " up to byte " + dataEnd() + ": the mbox was truncated or replaced; restore it from a copy");
        }
    }

    /**
     * Without an index (or a header line), no data file may have content: an mbox with content and
     * no index was not written by mailferry, and is never adopted and truncated.
     */
    private static void requireNoData(MboxFiles files) throws IOException {
        for (Compression c : Compression.values()) {
            Path data = files.data(c);
            if (Files.exists(data) && Files.size(data) > 0) {
                throw MailferryException.archive(data + " has no index " + files.index().getFileName()
                        + ": it was not written by mailferry (or its index was lost); move it out of the archive",
                        null);
            }
        }
    }

    private static void truncateTail(Path data, long end) throws IOException {
        if (!Files.exists(data) || Files.size(data) <= end) {
            return;
        }
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.truncate(end);
            ch.force(true);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing was pending: every append forces before it returns
            }
        }
    }
}
