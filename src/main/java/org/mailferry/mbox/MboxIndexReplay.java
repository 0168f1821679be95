package org.mailferry.mbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.mailferry.archive.Compression;
import org.mailferry.error.MailferryException;
import org.mailferry.mbox.MboxIndexLines.FlagsUpdate;
import org.mailferry.store.MessageFlags;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Replays an mbox index file into memory (format: {@code package-info}): its compression, the
 * committed messages with their current flags, the compressed units, and the length up to the
 * end of the last commit. Only whole lines count; compressed, message lines count once their
 * frame line follows. A complete line that does not parse or breaks the order (ascending UIDs,
 * contiguous regions and units) fails naming the file and line. One use; not thread-safe.
 */
final class MboxIndexReplay {

    private final Path file;
    private final NavigableMap<Long, MboxEntry> entries = new TreeMap<>();
    private final NavigableMap<Long, MboxFrame> frames = new TreeMap<>();
    private final Map<MessageFlags, MessageFlags> distinctFlags = new HashMap<>();
    private Compression compression = Compression.NONE;
    private long committed;

    private MboxIndexReplay(Path file) {
        this.file = file;
    }

    /** Nothing committed: an index that does not exist. */
    static MboxIndexReplay empty() {
        return new MboxIndexReplay(null);
    }

    static MboxIndexReplay of(Path file, FileChannel ch) throws IOException {
        MboxIndexReplay r = new MboxIndexReplay(file);
        r.replay(ch, committedLength(ch));
        return r;
    }

    NavigableMap<Long, MboxEntry> entries() {
        return entries;
    }

    NavigableMap<Long, MboxFrame> frames() {
        return frames;
    }

    /** One shared instance per distinct flag set, kept for the index's later appends. */
    Map<MessageFlags, MessageFlags> distinctFlags() {
        return distinctFlags;
    }

    Compression compression() {
        return compression;
    }

    /** Bytes of the file up to the end of its last commit (0: not even a header). */
    long committed() {
        return committed;
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

    /** Reads the whole lines of the index; {@link #committed} becomes the end of the last committed one. */
    private void replay(FileChannel ch, long length) throws IOException {
        InputStream in = new BufferedInputStream(
                new ExactLengthInputStream(Channels.newInputStream(ch.position(0)), length), 1 << 16);
        List<MboxEntry> pending = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        long position = 0;
        int lineNo = 0;
        int b;
        while ((b = in.read()) >= 0) {
            position++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            lineNo++;
            try {
                if (replayLine(MboxIndexLines.parse(line.toString(StandardCharsets.UTF_8)), lineNo, pending)) {
                    committed = position;
                }
            } catch (MailferryException e) {
                throw e;
            } catch (RuntimeException e) {
                String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
                throw new MboxIndex.DamagedLine(file + " line " + lineNo + " is damaged (" + why
                        + "); restore the index from a copy", lineNo, e);
            }
            line.reset();
        }
    }

    /** Applies one line; true when it completes a commit (everything up to it is committed). */
    private boolean replayLine(JsonNode node, int lineNo, List<MboxEntry> pending) {
        if (lineNo == 1) {
            MboxIndexLines.Header h = MboxIndexLines.header(node);
            requireHeader(h);
            compression = h.compression();
            return true;
        }
        String op = MboxIndexLines.op(node);
        if (op == null) {
            MboxEntry e = MboxIndexLines.entry(node);
            requireNext(e, pending);
            if (compression == Compression.NONE) {
                entries.put(e.uid(), e.withFlags(distinct(e.flags())));
                return true;
            }
            pending.add(e.withFlags(distinct(e.flags())));
            return false;
        }
        if (op.equals(MboxIndexLines.FRAME_OP)) {
            if (compression == Compression.NONE) {
                throw new IllegalArgumentException("a frame line in the index of an uncompressed mbox");
            }
            MboxFrame f = MboxIndexLines.frame(node);
            requireFrameOf(f, pending);
            for (MboxEntry e : pending) {
                entries.put(e.uid(), e);
            }
            pending.clear();
            frames.put(f.mboxOffset(), f);
            return true;
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("messages " + pending.get(0).uid() + ".." + last(pending).uid()
                    + " are not followed by their frame line");
        }
        if (op.equals(MboxIndexLines.FLAGS_OP)) {
            FlagsUpdate u = MboxIndexLines.flagsUpdate(node);
            entries.computeIfPresent(u.uid(), (uid, e) -> e.withFlags(distinct(u.flags())));
            return true;
        }
        throw new IllegalArgumentException("unknown op \"" + op + "\"");
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

    /** The message follows the last committed or pending one: a higher UID, right after it in the mbox text. */
    private void requireNext(MboxEntry e, List<MboxEntry> pending) {
        long lastUid = pending.isEmpty() ? lastUid() : last(pending).uid();
        long expected = pending.isEmpty() ? end() : last(pending).end();
        if (e.uid() <= lastUid) {
            throw new IllegalArgumentException("uid " + e.uid() + " follows uid " + lastUid);
        }
        if (e.offset() != expected || e.length() <= 0) {
            throw new IllegalArgumentException("message " + e.uid() + " at offset " + e.offset()
                    + " with length " + e.length() + ", expected offset " + expected);
        }
    }

    /** The unit follows the last one in the file and holds exactly the pending messages' text. */
    private void requireFrameOf(MboxFrame f, List<MboxEntry> pending) {
        if (pending.isEmpty()) {
            throw new IllegalArgumentException("a frame line without messages before it");
        }
        if (f.fileOffset() != dataEnd() || f.fileLength() <= 0) {
            throw new IllegalArgumentException("frame at file offset " + f.fileOffset() + " with length "
                    + f.fileLength() + ", expected file offset " + dataEnd());
        }
        if (f.mboxOffset() != pending.get(0).offset() || f.mboxEnd() != last(pending).end()) {
            throw new IllegalArgumentException("frame of mbox bytes " + f.mboxOffset() + ".." + f.mboxEnd()
                    + " does not hold exactly messages " + pending.get(0).uid() + ".." + last(pending).uid());
        }
    }

    private MessageFlags distinct(MessageFlags f) {
        return distinctFlags.computeIfAbsent(f, k -> k);
    }

    private long lastUid() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    private long end() {
        return entries.isEmpty() ? 0 : entries.lastEntry().getValue().end();
    }

    private long dataEnd() {
        return frames.isEmpty() ? 0 : frames.lastEntry().getValue().fileEnd();
    }

    private static MboxEntry last(List<MboxEntry> list) {
        return list.get(list.size() - 1);
    }
}
