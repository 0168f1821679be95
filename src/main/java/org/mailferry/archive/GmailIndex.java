package org.mailferry.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mailferry.store.GmailMeta;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * The Gmail fields of a folder's messages (X-GM-MSGID, X-GM-THRID, X-GM-LABELS), a sidecar beside
 * the folder's own index: Maildir {@code mailferry-gmail.jsonl}, mbox {@code NAME.mbox.gmail.jsonl}.
 * JSON Lines, version 1: header {@code {"format":"mailferry-gmail-index","version":1}}, then
 * {@code {"uid":42,"msgId":1278455344230334865,"thrId":1278455344230334865,"labels":["\\Inbox","Work"]}}
 * per message; a later line for a UID replaces the earlier one (a label change appends a line).
 * Lines are appended and fsynced before the messages they describe become visible, so a held
 * message always has its line; a line for a message not held is ignored. Readers ignore unknown
 * keys and refuse a greater version. Loaded whole at open (a few dozen bytes per message). Not
 * thread-safe.
 */
public final class GmailIndex {

    public static final String FORMAT = "mailferry-gmail-index";
    public static final int VERSION = 1;

    record Header(String format, int version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String format, Integer version, Long uid, Long msgId, Long thrId, List<String> labels) {
    }

    private final Path file;
    private final Map<Long, GmailMeta> byUid;

    private GmailIndex(Path file, Map<Long, GmailMeta> byUid) {
        this.file = file;
        this.byUid = byUid;
    }

    /** Whether {@code file} exists: the folder came from a Gmail account. */
    public static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }

    /** Reads {@code file} (absent: empty); a cut last line is ignored. */
    public static GmailIndex load(Path file) {
        Map<Long, GmailMeta> out = new TreeMap<>();
        if (ArchiveFiles.exists(file)) {
            try (BufferedReader r = ArchiveFiles.reader(file)) {
                String line;
                boolean first = true;
                while ((line = r.readLine()) != null) {
                    Line l;
                    try {
                        l = Json.MAPPER.readValue(line, Line.class);
                    } catch (RuntimeException e) {
                        continue; // a line cut by a crash
                    }
                    if (first) {
                        if (!FORMAT.equals(l.format()) || l.version() == null || l.version() > VERSION) {
                            throw ArchiveErrors.read(file, new IOException("not a " + FORMAT + " of version " + VERSION));
                        }
                        first = false;
                    } else if (l.uid() != null && l.msgId() != null) {
                        out.put(l.uid(), new GmailMeta(l.msgId(), l.thrId() == null ? 0 : l.thrId(), l.labels()));
                    }
                }
            } catch (IOException e) {
                throw ArchiveErrors.read(file, e);
            }
        }
        return new GmailIndex(file, out);
    }

    /**
     * Whether the sidecar exists yet lacks a line for some of {@code held} (cut short or damaged):
     * the labels of those messages are then read from the source again.
     */
    public boolean lacksAnyOf(java.util.Collection<Long> held) {
        return exists(file) && !held.stream().allMatch(byUid::containsKey);
    }

    public GmailMeta get(long uid) {
        return byUid.get(uid);
    }

    /** Every UID with its fields, ascending. */
    public Map<Long, GmailMeta> all() {
        return java.util.Collections.unmodifiableMap(byUid);
    }

    /** Records these messages' fields (those equal to what is recorded are left out), then fsyncs. */
    public void record(Map<Long, GmailMeta> fields) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        boolean fresh = !Files.exists(file);
        if (fresh) {
            line(lines, new Header(FORMAT, VERSION));
        }
        int n = 0;
        for (Map.Entry<Long, GmailMeta> e : fields.entrySet()) {
            GmailMeta g = e.getValue();
            if (g == null || g.equals(byUid.get(e.getKey()))) {
                continue;
            }
            line(lines, new Line(null, null, e.getKey(), g.msgId(), g.thrId(), g.labels()));
            byUid.put(e.getKey(), g);
            n++;
        }
        if (n > 0) {
            append(lines, fresh);
        }
    }

    /**
     * Creates the sidecar (its header line) if it does not exist yet, durably: written before a
     * folder's first Gmail message, so a message held without its line is noticed
     * ({@link #lacksAnyOf}) even when the first chunk's run was killed before recording it.
     */
    public void begin() {
        if (!Files.exists(file)) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            line(header, new Header(FORMAT, VERSION));
            append(header, true);
        }
    }

    private void append(ByteArrayOutputStream lines, boolean fresh) {
        try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            byte[] bytes = lines.toByteArray();
            if (!fresh && ch.size() > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.read(last, ch.size() - 1);
                if (last.get(0) != '\n') { // a line cut by a crash: end it, so the new lines stay whole
                    bytes = java.util.Arrays.copyOf(new byte[] {'\n'}, bytes.length + 1);
                    System.arraycopy(lines.toByteArray(), 0, bytes, 1, bytes.length - 1);
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long at = ch.size();
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
            if (fresh) {
                PrivateFiles.fsyncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }

    /** Forgets these UIDs in memory (their files are gone); the lines stay and are ignored. */
    public void forget(Collection<Long> uids) {
        uids.forEach(byUid::remove);
    }

    private static void line(ByteArrayOutputStream out, Object value) {
        out.writeBytes(Json.MAPPER.writeValueAsBytes(value));
        out.write('\n');
    }
}
