package org.mailferry.mbox;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.error.MailferryException;
import org.mailferry.mbox.MboxIndexLines.FlagsUpdate;
import org.mailferry.store.MessageFlags;
import org.mailferry.util.PrivateFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The sidecar index of one mbox ({@code NAME.mbox.index}), which is the mbox's commit log: a
 * message is in the archive once its index line is durable, and only then. The format is
 * specified in {@code package-info}: JSON Lines, a header {@code {"format":"mailferry-mbox-index",
 * "version":1}}, then one line per message ({@code uid offset length size crlf internalDate flags
 * keywords sha256}) and flag updates ({@code {"op":"flags",...}}, later lines win).
 * <p>
 * Opening replays the index into memory (one {@link MboxEntry} per message, current flags;
 * roughly 250 bytes a message). Lines must hold ascending UIDs and contiguous mbox regions from
 * offset 0; a complete line that breaks this, or does not parse, fails with the file and line.
 * A last line without {@code \n} is an interrupted append and is not part of the index, nor is
 * any mbox byte after the last indexed message. {@link #read} ignores both and changes nothing;
 * {@link #recover} truncates both away and keeps the index open for {@link #append}. An mbox
 * shorter than its index claims is an error naming both files and the offset; an mbox with content
 * but no index (or an index without its header line) is refused, never truncated. Not thread-safe.
 */
public final class MboxIndex implements AutoCloseable {

    private final Path file;
    private final NavigableMap<Long, MboxEntry> entries = new TreeMap<>();
    private final Map<MessageFlags, MessageFlags> distinctFlags = new HashMap<>();
    private final FileChannel channel;
    private long committed;

    private MboxIndex(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Reads the index of {@code mbox} for restoring; modifies no file. No index means no messages. */
    public static MboxIndex read(Path indexFile, Path mbox) {
        MboxIndex index = new MboxIndex(indexFile, null);
        try {
            if (Files.exists(indexFile)) {
                try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.READ)) {
                    index.replay(ch, committedLength(ch));
                }
            }
            index.requireConsistentWith(mbox);
            return index;
        } catch (IOException e) {
            throw ArchiveErrors.read(indexFile, e);
        }
    }

    /**
     * Opens the index of {@code mbox} for appending, creating it when absent, after dropping a
     * partial last line and truncating the mbox to the end of its last indexed message.
     */
    static MboxIndex recover(Path indexFile, Path mbox) {
        FileChannel ch = null;
        try {
            boolean created = !Files.exists(indexFile);
            if (created) {
                requireEmpty(mbox, indexFile);
            }
            ch = PrivateFiles.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (created) {
                PrivateFiles.fsyncDirectory(indexFile.getParent());
            }
            MboxIndex index = new MboxIndex(indexFile, ch);
            index.replay(ch, committedLength(ch));
            index.requireConsistentWith(mbox);
            ch.truncate(index.committed);
            if (index.committed == 0) {
                index.commit(headerLine());
            } else {
                ch.force(true);
            }
            truncateTail(mbox, index.end());
            return index;
        } catch (IOException e) {
            closeQuietly(ch);
            throw ArchiveErrors.write(indexFile, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
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

    /** The highest UID indexed, 0 when none. */
    public long lastUid() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    /** Where the mbox's committed content ends: the next message's offset. */
    public long end() {
        return entries.isEmpty() ? 0 : entries.lastEntry().getValue().end();
    }

    /** Appends the lines of messages just written (and fsynced) to the mbox, then fsyncs; they are then committed. */
    void append(List<MboxEntry> written) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (MboxEntry e : written) {
            lines.write(MboxIndexLines.encode(e));
            lines.write('\n');
        }
        commit(lines.toByteArray());
        for (MboxEntry e : written) {
            entries.put(e.uid(), e.withFlags(distinct(e.flags())));
        }
    }

    /** Appends flag update lines for held messages, then fsyncs. */
    void appendFlags(List<FlagsUpdate> updates) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (FlagsUpdate u : updates) {
            lines.write(MboxIndexLines.encode(u));
            lines.write('\n');
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

    private static byte[] headerLine() {
        byte[] h = MboxIndexLines.header();
        byte[] line = new byte[h.length + 1];
        System.arraycopy(h, 0, line, 0, h.length);
        line[h.length] = '\n';
        return line;
    }

    /** Length of the file up to and including its last {@code \n}. */
    private static long committedLength(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = ch.size();
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            int n = 0;
            while (buf.hasRemaining() && n >= 0) {
                n = ch.read(buf, start + buf.position());
            }
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /** Reads the first {@code committed} bytes of the index into {@link #entries}. */
    private void replay(FileChannel ch, long committed) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(
                new ExactLengthInputStream(Channels.newInputStream(ch.position(0)), committed),
                StandardCharsets.UTF_8));
        int lineNo = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNo++;
            try {
                JsonNode node = MboxIndexLines.parse(line);
                if (lineNo == 1) {
                    requireHeader(MboxIndexLines.header(node));
                } else if (MboxIndexLines.isFlagsUpdate(node)) {
                    FlagsUpdate u = MboxIndexLines.flagsUpdate(node);
                    entries.computeIfPresent(u.uid(), (uid, e) -> e.withFlags(distinct(u.flags())));
                } else {
                    MboxEntry e = MboxIndexLines.entry(node);
                    requireNext(e);
                    entries.put(e.uid(), e.withFlags(distinct(e.flags())));
                }
            } catch (MailferryException e) {
                throw e;
            } catch (RuntimeException e) {
                String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
                throw MailferryException.archive(file + " line " + lineNo + " is damaged (" + why
                        + "); restore the index from a copy", e);
            }
        }
        this.committed = committed;
    }

    private void requireHeader(MboxIndexLines.Header h) {
        if (!MboxIndexLines.FORMAT.equals(h.format())) {
            throw MailferryException.archive(file + " is not a mailferry mbox index (format \""
                    + h.format() + "\")", null);
        }
        if (h.version() > MboxIndexLines.VERSION) {
            throw MailferryException.archive(file + " has format version " + h.version()
                    + "; this mailferry reads up to " + MboxIndexLines.VERSION + ": upgrade mailferry", null);
        }
    }

    private void requireNext(MboxEntry e) {
        if (e.uid() <= lastUid()) {
            throw new IllegalArgumentException("uid " + e.uid() + " follows uid " + lastUid());
        }
        if (e.offset() != end() || e.length() <= 0) {
            throw new IllegalArgumentException("message " + e.uid() + " at offset " + e.offset()
                    + " with length " + e.length() + ", expected offset " + end());
        }
    }

    /**
     * The mbox holds every indexed message. Without an index (or a header line), it must be empty:
     * an mbox with content and no index was not written by mailferry, and is never adopted and
     * truncated.
     */
    private void requireConsistentWith(Path mbox) throws IOException {
        if (committed == 0) {
            requireEmpty(mbox, file);
            return;
        }
        long size = Files.exists(mbox) ? Files.size(mbox) : -1;
        if (!entries.isEmpty() && size < end()) {
            MboxEntry last = entries.lastEntry().getValue();
            throw MailferryException.archive(mbox + (size < 0 ? " is missing" : " ends at byte " + size)
                    + " but its index " + file.getFileName() + " lists message " + last.uid()
                    + " up to byte " + last.end() + ": the mbox was truncated or replaced; restore it from a copy",
                    null);
        }
    }

    private static void requireEmpty(Path mbox, Path indexFile) throws IOException {
        if (Files.exists(mbox) && Files.size(mbox) > 0) {
            throw MailferryException.archive(mbox + " has no index " + indexFile.getFileName()
                    + ": it was not written by mailferry (or its index was lost); move it out of the archive", null);
        }
    }

    private static void truncateTail(Path mbox, long end) throws IOException {
        if (!Files.exists(mbox) || Files.size(mbox) <= end) {
            return;
        }
        try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
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
