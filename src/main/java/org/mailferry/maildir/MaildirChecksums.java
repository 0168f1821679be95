package org.mailferry.maildir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;
import tools.jackson.core.JacksonException;

/**
 * The size and SHA-256 of every message mailferry wrote into one Maildir folder: the sidecar
 * {@value #FILE_NAME} in the folder's directory, which Dovecot ignores. JSON Lines in UTF-8,
 * format version 1: the header {@code {"format":"mailferry-maildir-checksums","version":1}},
 * then one line per message written, {@code {"uid":42,"size":1250,"sha256":"<64 hex digits>"}}
 * (a UID written again after a crash gets a new line; the last one wins), and
 * {@code {"uid":42,"removed":true}} for a message removed on purpose (retention), which no longer
 * counts.
 * <p>
 * A chunk's lines are appended and fsynced before its files are renamed into {@code cur/}, so
 * every message file with a {@code ,U=} has its line. A line without a file is a message whose
 * write a crash cut short (the next run writes it again) or a file deleted since. A last line
 * without {@code \n} was never completed: readers ignore it, the next append cuts it off. A
 * complete line that does not parse fails naming the file and line. Not thread-safe: one per
 * open folder.
 */
final class MaildirChecksums {

    static final String FILE_NAME = "mailferry-checksums.jsonl";
    private static final String FORMAT = "mailferry-maildir-checksums";
    private static final int VERSION = 1;

    /** What was recorded for one message. */
    record Recorded(long uid, long size, String sha256) {
    }

    record Header(String format, int version) {
    }

    /** A message removed from the archive on purpose (retention): its earlier line no longer counts. */
    record Removed(long uid, boolean removed) {
    }

    private final Path file;
    private final SortedMap<Long, Recorded> byUid;
    private long committed;

    private MaildirChecksums(Path file, SortedMap<Long, Recorded> byUid, long committed) {
        this.file = file;
        this.byUid = byUid;
        this.committed = committed;
    }

    /** Reads the folder's sidecar; none means nothing recorded. */
    static MaildirChecksums load(Path folderDir) {
        Path file = folderDir.resolve(FILE_NAME);
        SortedMap<Long, Recorded> byUid = new TreeMap<>();
        if (!Files.exists(file)) {
            return new MaildirChecksums(file, byUid, 0);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ArchiveErrors.read(file, e);
        }
        int start = 0;
        int lineNo = 0;
        for (int nl = indexOf(bytes, start); nl >= 0; start = nl + 1, nl = indexOf(bytes, start)) {
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            parse(file, line, ++lineNo, byUid);
        }
        return new MaildirChecksums(file, byUid, start);
    }

    Optional<Recorded> get(long uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    /** Every message recorded, by UID. */
    Map<Long, Recorded> all() {
        return Collections.unmodifiableSortedMap(byUid);
    }

    /** Appends the lines of messages about to become visible, then fsyncs. */
    void append(List<Recorded> written) {
        if (written.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        if (committed == 0) {
            writeLine(lines, new Header(FORMAT, VERSION));
        }
        written.forEach(r -> writeLine(lines, r));
        appendLines(lines.toByteArray());
        written.forEach(r -> byUid.put(r.uid(), r));
    }

    private void appendLines(byte[] bytes) {
        try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(committed);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long at = committed;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
            if (committed == 0) {
                PrivateFiles.fsyncDirectory(file.getParent());
            }
            committed = at;
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }

    /** Appends lines saying these messages were removed on purpose, then fsyncs. */
    void removed(List<Long> uids) {
        if (uids.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        if (committed == 0) {
            writeLine(lines, new Header(FORMAT, VERSION));
        }
        uids.forEach(u -> writeLine(lines, new Removed(u, true)));
        appendLines(lines.toByteArray());
        uids.forEach(byUid::remove);
    }

    private static void parse(Path file, String line, int lineNo, Map<Long, Recorded> into) {
        try {
            if (lineNo == 1) {
                Header h = Json.MAPPER.readValue(line, Header.class);
                if (!FORMAT.equals(h.format())) {
                    throw new IllegalArgumentException("not a " + FORMAT + " header");
                }
                if (h.version() > VERSION) {
                    throw MailferryException.archive(file + " has format version " + h.version()
                            + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
                }
                return;
            }
            if (line.contains("\"removed\"")) {
                Removed gone = Json.MAPPER.readValue(line, Removed.class);
                into.remove(gone.uid());
                return;
            }
            Recorded r = Json.MAPPER.readValue(line, Recorded.class);
            if (r.uid() <= 0 || r.sha256() == null || r.sha256().length() != 64) {
                throw new IllegalArgumentException("no uid or sha256");
            }
            into.put(r.uid(), r);
        } catch (JacksonException | IllegalArgumentException e) {
            String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw MailferryException.archive(file + " line " + lineNo + " is damaged (" + why + ")", e);
        }
    }

    private static void writeLine(ByteArrayOutputStream out, Object value) {
        out.writeBytes(Json.MAPPER.writeValueAsBytes(value));
        out.write('\n');
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
