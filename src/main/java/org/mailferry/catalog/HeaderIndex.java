package org.mailferry.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
 * its UIDVALIDITY), so that searching an archive reads no message for its headers. Backups append
 * the messages they write ({@link #append}); a search adds what is missing (an archive written
 * before, a label view) and drops UIDs no longer in the folder. A later line for a UID wins; a
 * line that cannot be read (cut by a kill) only costs that message being read again; another
 * UIDVALIDITY or an unreadable first line starts the file afresh. Only a cache: when it cannot
 * be written (a read-only archive, a full disk) search reads the messages as without it.
 */
final class HeaderIndex {

    static final String DIR = "mailferry-catalog";
    /** 2: entries carry date, size and flags, the head the folder's change token of the last whole pass. */
    private static final int VERSION = 2;
    private static final Logger LOG = LoggerFactory.getLogger(HeaderIndex.class);

    /**
     * The fields of one message, and its metadata ({@code date} in epoch milliseconds, {@code size},
     * {@code flags} as IMAP names; null in an entry made without them).
     */
    record Entry(long uid, String from, String to, String cc, String subject, String messageId, Long date, Long size,
                 List<String> flags) {

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
            return new Entry(uid, h.get("from"), h.get("to"), h.get("cc"), h.get("subject"), h.get("message-id"), null,
                    null, null);
        }

        static Entry of(long uid, HeaderFields h, org.mailferry.store.MessageMeta meta) {
            return of(uid, h).withMeta(meta);
        }

        /** The entry of a message: its header read from its bytes (the header only), its metadata. */
        static Entry read(org.mailferry.store.SourceMessage m) throws IOException {
            try (java.io.InputStream in = m.content().open()) {
                return of(m.uid(), HeaderFields.read(in), m.meta());
            }
        }

        Entry withMeta(org.mailferry.store.MessageMeta meta) {
            return new Entry(uid, from, to, cc, subject, messageId, meta.internalDate().toEpochMilli(), meta.size(),
                    meta.flags().imapNames());
        }

        /** Whether this entry recorded exactly this date (to the millisecond), size and flags. */
        boolean records(org.mailferry.store.MessageMeta meta) {
            return hasMeta() && date == meta.internalDate().toEpochMilli() && size == meta.size()
                    && flags.equals(meta.flags().imapNames());
        }

        boolean hasMeta() {
            return date != null && size != null && flags != null;
        }

        /** The metadata this entry recorded (see {@link #hasMeta}). */
        org.mailferry.store.MessageMeta meta() {
            return new org.mailferry.store.MessageMeta(uid, size, java.time.Instant.ofEpochMilli(date),
                    org.mailferry.store.MessageFlags.fromImapNames(flags));
        }
    }

    /** {@code token}: the folder's change token when a whole pass last brought the index up to date, else null. */
    private record Head(int version, String folder, long uidValidity, String token) {
        boolean matches(String f, long v) {
            return version == VERSION && uidValidity == v && f.equals(folder);
        }
    }

    private final Path file;
    private final String folder;
    private final long uidValidity;
    private final Map<Long, Entry> entries;
    private String token;
    private boolean changed;

    private HeaderIndex(Path file, String folder, long uidValidity, Map<Long, Entry> entries, String token) {
        this.file = file;
        this.folder = folder;
        this.uidValidity = uidValidity;
        this.entries = entries;
        this.token = token;
    }

    /** The index of {@code folder} in the archive at {@code root}, empty when there is none for this generation. */
    static HeaderIndex load(Path root, String folder, long uidValidity) {
        Path file = file(root, folder);
        Map<Long, Entry> entries = new TreeMap<>();
        boolean changed = false;
        String token = null;
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try (BufferedReader in = org.mailferry.archive.ArchiveFiles.reader(file)) {
                java.util.Optional<Head> head = head(in.readLine()).filter(h -> h.matches(folder, uidValidity));
                if (head.isPresent()) {
                    token = head.get().token();
                    tools.jackson.databind.ObjectReader reader = Json.MAPPER.readerFor(Entry.class);
                    for (String line; (line = in.readLine()) != null; ) {
                        try {
                            Entry e = reader.readValue(line);
                            entries.put(e.uid(), e);
                        } catch (RuntimeException e) {
                            changed = true; // rewritten without the line at the next save
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.info("the header index {} is unreadable and is built again: {}", file, e.getMessage());
                entries.clear();
                token = null;
            }
        }
        HeaderIndex index = new HeaderIndex(file, folder, uidValidity, entries, changed ? null : token);
        index.changed = changed;
        return index;
    }

    /**
     * Adds the header fields of messages just written to {@code folder} (generation
     * {@code uidValidity}): appended to the folder's file when it is of this generation, else the
     * file is started afresh with them. A failure is logged and costs only speed.
     */
    static void append(Path root, String folder, long uidValidity, List<Entry> written) {
        if (written.isEmpty()) {
            return;
        }
        Path file = file(root, folder);
        StringBuilder lines = new StringBuilder();
        for (Entry e : written) {
            lines.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        }
        try {
            if (sameGeneration(file, folder, uidValidity)) {
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    long end = out.size();
                    ByteBuffer last = ByteBuffer.allocate(1);
                    if (end > 0 && out.read(last, end - 1) == 1 && last.get(0) != '\n') {
                        lines.insert(0, '\n'); // a line cut by a kill stays a line of its own
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes, end + bytes.position());
                    }
                }
            } else {
                org.mailferry.archive.ArchiveFiles.requireRealDirectories(root, file.getParent());
                PrivateFiles.createDirectories(file.getParent());
                PrivateFiles.writeAtomically(file, (headLine(folder, uidValidity, null) + lines)
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("the header index {} was not brought up to date: {}", file, e.getMessage());
        }
    }

    private static boolean sameGeneration(Path file, String folder, long uidValidity) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (BufferedReader in = org.mailferry.archive.ArchiveFiles.reader(file)) {
            return head(in.readLine()).filter(h -> h.matches(folder, uidValidity)).isPresent();
        }
    }

    private static java.util.Optional<Head> head(String line) {
        try {
            return line == null ? java.util.Optional.empty() : java.util.Optional.of(Json.MAPPER.readValue(line, Head.class));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static String headLine(String folder, long uidValidity, String token) {
        return Json.MAPPER.writeValueAsString(new Head(VERSION, folder, uidValidity, token)) + "\n";
    }

    /**
     * Serves a search from the index file alone when it is whole under {@code current} (its head
     * recorded that change token after a whole pass; the file is then the folder's entries in UID
     * order): each line whose raw text {@code mayMatch} is parsed and handed to {@code out} until
     * it returns false. Returns false, having read nothing but the head, when the index is not
     * whole: the caller lists the folder. A line that does not parse is skipped and logged.
     */
    static boolean scanIfWhole(Path root, String folder, long uidValidity, java.util.Optional<String> current,
                               java.util.function.Predicate<String> mayMatch, java.util.function.Predicate<Entry> out) {
        Path file = file(root, folder);
        if (current.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (BufferedReader in = org.mailferry.archive.ArchiveFiles.reader(file)) {
            java.util.Optional<Head> head = head(in.readLine());
            if (head.isEmpty() || !head.get().matches(folder, uidValidity) || !current.get().equals(head.get().token())) {
                return false;
            }
            tools.jackson.databind.ObjectReader reader = Json.MAPPER.readerFor(Entry.class);
            for (String line; (line = in.readLine()) != null; ) {
                if (!mayMatch.test(line)) {
                    continue;
                }
                Entry e;
                try {
                    e = reader.readValue(line);
                } catch (RuntimeException bad) {
                    LOG.warn("the header index {} has a line that does not parse; search it again after the next"
                            + " backup, or delete {} to rebuild it", file, file.getParent());
                    continue;
                }
                if (e.hasMeta() && !out.test(e)) {
                    break;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.info("the header index {} cannot be read and the folder is listed: {}", file, e.getMessage());
            return false;
        }
    }

    Entry get(long uid) {
        return entries.get(uid);
    }

    void put(Entry e) {
        entries.put(e.uid(), e);
        changed = true;
    }

    /** After a whole pass begun under {@code taken}: the index is the folder as it was then. */
    void markWhole(java.util.Optional<String> taken) {
        String t = taken.orElse(null);
        if (!java.util.Objects.equals(t, token)) {
            token = t;
            changed = true;
        }
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
        StringBuilder out = new StringBuilder(headLine(folder, uidValidity, token));
        for (Entry e : entries.values()) {
            out.append(Json.MAPPER.writeValueAsString(e)).append('\n');
        }
        try {
            org.mailferry.archive.ArchiveFiles.requireRealDirectories(file.getParent().getParent(), file.getParent());
            PrivateFiles.createDirectories(file.getParent());
            PrivateFiles.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
            changed = false;
        } catch (IOException | RuntimeException e) {
            LOG.info("the header index {} was not written: {}", file, e.getMessage());
        }
    }

    private static Path file(Path root, String folder) {
        return root.resolve(DIR).resolve(name(folder));
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
