package org.mailferry.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import tools.jackson.core.JacksonException;

/**
 * The size and SHA-256 of every message mailferry wrote into one Maildir folder: the sidecar
 * {@value #FILE_NAME} in the folder's directory, which Dovecot ignores. JSON Lines in UTF-8,
 * format version 1: the header {@code {"format":"mailferry-maildir-checksums","version":1}},
 * then one line per message written, {@code {"uid":42,"size":1250,"sha256":"<64 hex digits>"}}
 * (a UID written again after a crash gets a new line; the last one wins),
 * {@code {"uid":42,"removed":true}} for a message removed on purpose (retention) or lost from the
 * source, which no longer counts, and (written by earlier versions, now read only)
 * {@code {"uid":42,"skipped":"reason"}} for a message the source could not deliver, adopted into
 * the folder's {@code SkipLedger} until a later line records it.
 * <p>
 * A chunk's lines are appended and fsynced before its files are renamed into {@code cur/}, so
 * every message file with a {@code ,U=} has its line. A line without a file is a message whose
 * write a crash cut short (the next run writes it again) or a file deleted since. A last line
 * without {@code \n} was never completed: readers ignore it, the next append cuts it off. A
 * complete line that does not parse (a damaged disk block, an edit) is left out and named in
 * {@link #damagedLines()}: the records are then incomplete, and a backup compares the folder with
 * the server instead ({@link MaildirSelfCheck}); {@code verify} reports the lines as damage. A
 * damaged header fails naming the file. This class reads the sidecar; {@link MaildirChecksumLog}
 * appends to it. Not thread-safe.
 */
final class MaildirChecksums {

    static final String FILE_NAME = "mailferry-checksums.jsonl";
    static final String FORMAT = "mailferry-maildir-checksums";
    static final int VERSION = 1;

    /** What was recorded for one message. */
    record Recorded(long uid, long size, String sha256) {
    }

    /**
     * The line of a message whose INTERNALDATE the server sent unreadable (its file's date is the
     * Date: header or the backup time); read back as a {@link Recorded}.
     */
    record RecordedDateSubstituted(long uid, long size, String sha256, boolean dateSubstituted) {
    }

    record Header(String format, int version) {
    }

    /** A message removed from the archive on purpose (retention): its earlier line no longer counts. */
    record Removed(long uid, boolean removed) {
    }

    /** A message the source could not deliver (no body): wanted again until a line records it. */
    record Skipped(long uid, String skipped) {
    }

    private final SortedMap<Long, Recorded> byUid;
    private final SortedMap<Long, String> skipped;
    private final boolean exists;
    private final java.util.List<String> damagedLines = new java.util.ArrayList<>();

    private MaildirChecksums(SortedMap<Long, Recorded> byUid, SortedMap<Long, String> skipped, boolean exists) {
        this.byUid = byUid;
        this.skipped = skipped;
        this.exists = exists;
    }

    /** Reads the folder's sidecar; none means nothing recorded. */
    static MaildirChecksums load(Path folderDir) {
        Path file = folderDir.resolve(FILE_NAME);
        SortedMap<Long, Recorded> byUid = new TreeMap<>();
        SortedMap<Long, String> skipped = new TreeMap<>();
        if (!org.mailferry.archive.ArchiveFiles.exists(file)) {
            return new MaildirChecksums(byUid, skipped, false);
        }
        byte[] bytes;
        try {
            bytes = org.mailferry.archive.ArchiveFiles.readAllBytes(file);
        } catch (IOException e) {
            throw ArchiveErrors.read(file, e);
        }
        MaildirChecksums log = new MaildirChecksums(byUid, skipped, true);
        int start = 0;
        int lineNo = 0;
        for (int nl = indexOf(bytes, start); nl >= 0; start = nl + 1, nl = indexOf(bytes, start)) {
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            try {
                parse(file, line, ++lineNo, byUid, skipped);
            } catch (MailferryException e) {
                if (lineNo == 1) {
                    throw e;
                }
                log.damagedLines.add(e.getMessage());
            }
        }
        return log;
    }

    /** Whether the sidecar exists at all. */
    boolean exists() {
        return exists;
    }

    /** Complete lines that did not parse, each as "FILE line N is damaged (why)", in order. */
    java.util.List<String> damagedLines() {
        return java.util.Collections.unmodifiableList(damagedLines);
    }

    Optional<Recorded> get(long uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    /** Messages the source could not deliver and no later line recorded, with the last reason, by UID. */
    Map<Long, String> skipped() {
        return Collections.unmodifiableSortedMap(skipped);
    }

    /** Every message recorded, by UID. */
    Map<Long, Recorded> all() {
        return Collections.unmodifiableSortedMap(byUid);
    }

    private static void parse(Path file, String line, int lineNo, Map<Long, Recorded> into,
                              Map<Long, String> skipped) {
        if (lineNo == 1) {
            checkHeader(file, line);
            return;
        }
        try {
            if (line.contains("\"removed\"")) {
                Removed gone = Json.MAPPER.readValue(line, Removed.class);
                into.remove(gone.uid());
                skipped.remove(gone.uid());
                return;
            }
            if (line.contains("\"skipped\"")) {
                Skipped s = Json.MAPPER.readValue(line, Skipped.class);
                skipped.put(s.uid(), s.skipped());
                return;
            }
            Recorded r = Json.MAPPER.readValue(line, Recorded.class);
            skipped.remove(r.uid());
            if (r.uid() <= 0 || r.sha256() == null || r.sha256().length() != 64) {
                throw new IllegalArgumentException("no uid or sha256");
            }
            into.put(r.uid(), r);
        } catch (JacksonException | IllegalArgumentException e) {
            throw damaged(file, lineNo, e);
        }
    }

    /** Whether a complete line after the header parses (a reader would use it). */
    static boolean parses(Path file, String line, int lineNo) {
        try {
            parse(file, line, lineNo, new TreeMap<>(), new TreeMap<>());
            return true;
        } catch (MailferryException e) {
            return false;
        }
    }

    /** Fails unless {@code line} is this format's header in a version this mailferry reads. */
    static void checkHeader(Path file, String line) {
        try {
            Header h = Json.MAPPER.readValue(line, Header.class);
            if (!FORMAT.equals(h.format())) {
                throw new IllegalArgumentException("not a " + FORMAT + " header");
            }
            if (h.version() > VERSION) {
                throw MailferryException.archive(file + " has format version " + h.version()
                        + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw damaged(file, 1, e);
        }
    }

    private static MailferryException damaged(Path file, int lineNo, RuntimeException e) {
        String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return MailferryException.archive(file + " line " + lineNo + " is damaged (" + why + ")", e);
    }

    static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
