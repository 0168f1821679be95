package org.mailferry.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of the header fields {@code search} and {@code ls} show, one file per archive folder in
 * {@code ARCHIVE/mailferry-catalog/} (a JSON line per message after a line naming the folder and
 * its UIDVALIDITY), so that searching an archive again reads no message for its headers. Built on
 * first use and brought up to date on each pass: new UIDs are read and added, UIDs no longer in
 * the folder dropped; another UIDVALIDITY or an unreadable file starts it afresh. Only a cache:
 * when it cannot be written (a read-only archive) search reads the messages as without it.
 */
final class HeaderIndex {

    static final String DIR = "mailferry-catalog";
    private static final int VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(HeaderIndex.class);

    /** The fields of one message. */
    record Entry(long uid, String from, String to, String cc, String subject, String messageId) {

        HeaderFields fields() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            m.put("cc", cc);
            m.put("subject", subject);
            m.put("message-id", messageId);
            return HeaderFields.of(m);
        }

        static Entry of(long uid, HeaderFields h) {
            return new Entry(uid, h.get("from"), h.get("to"), h.get("cc"), h.get("subject"), h.get("message-id"));
        }
    }

    private record Head(int version, String folder, long uidValidity) {
    }

    private final Path file;
    private final String folder;
    private final long uidValidity;
    private final Map<Long, Entry> entries;
    private boolean changed;

    private HeaderIndex(Path file, String folder, long uidValidity, Map<Long, Entry> entries) {
        this.file = file;
        this.folder = folder;
        this.uidValidity = uidValidity;
        this.entries = entries;
    }

    /** The index of {@code folder} in the archive at {@code root}, empty when there is none for this generation. */
    static HeaderIndex load(Path root, String folder, long uidValidity) {
        Path file = root.resolve(DIR).resolve(name(folder));
        Map<Long, Entry> entries = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            try (BufferedReader in = org.mailferry.archive.ArchiveFiles.reader(file)) {
                Head head = Json.MAPPER.readValue(in.readLine(), Head.class);
                if (head.version() == VERSION && head.uidValidity() == uidValidity && folder.equals(head.folder())) {
                    for (String line; (line = in.readLine()) != null; ) {
                        Entry e = Json.MAPPER.readValue(line, Entry.class);
                        entries.put(e.uid(), e);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.info("the header index {} is unreadable and is built again: {}", file, e.getMessage());
                entries.clear();
            }
        }
        return new HeaderIndex(file, folder, uidValidity, entries);
    }

    Entry get(long uid) {
        return entries.get(uid);
    }

    void put(Entry e) {
        entries.put(e.uid(), e);
        changed = true;
    }

    /** After a full pass: forgets the UIDs the folder no longer holds. */
    void retainOnly(Set<Long> held) {
        changed |= entries.keySet().retainAll(held);
    }

    /** Writes the index when it changed; a failure (read-only archive) only costs speed next time. */
    void saveIfChanged() {
        if (!changed) {
            return;
        }
        StringBuilder out = new StringBuilder(Json.MAPPER.writeValueAsString(new Head(VERSION, folder, uidValidity)))
                .append('\n');
        for (Entry e : entries.values()) {
            out.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        }
        try {
            PrivateFiles.createDirectories(file.getParent());
            PrivateFiles.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
            changed = false;
        } catch (IOException e) {
            LOG.info("the header index {} was not written: {}", file, e.getMessage());
        }
    }

    private static String name(String folder) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(folder.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12) + ".jsonl";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
