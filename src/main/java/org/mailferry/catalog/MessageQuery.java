package org.mailferry.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mailferry.store.FolderPath;
import org.mailferry.store.MessageFilter;
import org.mailferry.store.SourceMessage;

/**
 * What {@code search} looks for and {@code restore} takes: every criterion given must hold (AND);
 * several values of one criterion are alternatives (OR). Header criteria are case-insensitive
 * substrings of the decoded field ({@code senders}: From; {@code recipients}: To or Cc), message
 * IDs match whole (with or without angle brackets), dates are INTERNALDATE days in UTC
 * ({@code since} inclusive, {@code before} exclusive), {@code texts} are searched in the raw
 * stored bytes (not decoded from base64 or quoted-printable), {@code uids} name messages by
 * folder and UID. Immutable.
 */
public record MessageQuery(List<String> senders, List<String> recipients, List<String> subjects, LocalDate since,
                           LocalDate before, Set<String> messageIds, List<String> texts,
                           Map<String, Set<Long>> uids, Long largerThan, Long smallerThan) implements MessageFilter {

    public static final MessageQuery ANY = new MessageQuery(List.of(), List.of(), List.of(), null, null, Set.of(),
            List.of(), Map.of(), null, null);

    public MessageQuery {
        senders = lower(senders);
        recipients = lower(recipients);
        subjects = lower(subjects);
        texts = lower(texts);
        Set<String> ids = new TreeSet<>();
        messageIds.forEach(id -> ids.add(bare(id)));
        messageIds = Set.copyOf(ids);
        Map<String, Set<Long>> byFolder = new TreeMap<>();
        uids.forEach((f, u) -> byFolder.put(f, Set.copyOf(u)));
        uids = Map.copyOf(byFolder);
    }

    public boolean isEmpty() {
        return equals(ANY);
    }

    private boolean needsHeaders() {
        return !senders.isEmpty() || !recipients.isEmpty() || !subjects.isEmpty() || !messageIds.isEmpty();
    }

    @Override
    public boolean mayMatch(FolderPath folder) {
        return uids.isEmpty() || uids.containsKey(folder.display());
    }

    @Override
    public boolean matches(FolderPath folder, SourceMessage message) {
        if (!matchesMetadata(folder, message)) {
            return false;
        }
        try {
            if (needsHeaders()) {
                HeaderFields h;
                try (InputStream in = message.content().open()) {
                    h = HeaderFields.read(in);
                }
                if (!matchesHeaders(h)) {
                    return false;
                }
            }
            return matchesText(message);
        } catch (IOException e) {
            throw new UncheckedIOException("reading message " + message.uid() + " of " + folder.display(), e);
        }
    }

    /** The criteria the message's metadata decides without reading it: UIDs, dates and size (RFC822.SIZE, bounds exclusive). */
    public boolean matchesMetadata(FolderPath folder, SourceMessage message) {
        return matchesMetadata(folder, message.uid(), message.meta());
    }

    /** {@link #matchesMetadata(FolderPath, SourceMessage)} from what an index recorded of the message. */
    public boolean matchesMetadata(FolderPath folder, long uid, org.mailferry.store.MessageMeta meta) {
        if (!uids.isEmpty() && !uids.getOrDefault(folder.display(), Set.of()).contains(uid)) {
            return false;
        }
        long size = meta.size();
        if (largerThan != null && size <= largerThan || smallerThan != null && size >= smallerThan) {
            return false;
        }
        LocalDate day = meta.internalDate().atZone(ZoneOffset.UTC).toLocalDate();
        return !(since != null && day.isBefore(since) || before != null && !day.isBefore(before));
    }

    /** The {@code texts} criterion (true when there is none): reads the message. */
    public boolean matchesText(SourceMessage message) throws IOException {
        return texts.isEmpty() || containsText(message);
    }

    /** Whether the header criteria hold for {@code h}. */
    public boolean matchesHeaders(HeaderFields h) {
        return matchesHeaders(h.get("from"), h.get("to"), h.get("cc"), h.get("subject"), h.get("message-id"));
    }

    /** {@link #matchesHeaders(HeaderFields)} from the decoded fields themselves (as an index keeps them; null: empty). */
    public boolean matchesHeaders(String from, String to, String cc, String subject, String messageId) {
        return any(senders, from)
                && (recipients.isEmpty() || any(recipients, nonNull(to) + "\n" + nonNull(cc)))
                && any(subjects, subject)
                && (messageIds.isEmpty() || messageIds.contains(bare(nonNull(messageId))));
    }

    /**
     * A cheap necessary condition on an index line's raw JSON text: for each header criterion, one
     * of its words occurs in the line, ignoring case (only words JSON writes as they are: no
     * quote, backslash or control character; other words are not pre-checked). Lines that pass
     * are parsed and checked exactly.
     */
    boolean mayMatchRaw(String line) {
        if (senders.isEmpty() && recipients.isEmpty() && subjects.isEmpty() && messageIds.isEmpty()) {
            return true;
        }
        String lower = line.toLowerCase(Locale.ROOT);
        return anyIn(lower, senders) && anyIn(lower, recipients) && anyIn(lower, subjects)
                && anyIn(lower, messageIds.stream().map(id -> id.toLowerCase(Locale.ROOT)).toList());
    }

    private static boolean anyIn(String line, java.util.Collection<String> words) {
        if (words.isEmpty()) {
            return true;
        }
        for (String w : words) {
            if (w.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\') || line.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the query looks at UIDs, dates or sizes (otherwise a message's metadata need not be read). */
    boolean needsMetadata() {
        return !uids.isEmpty() || since != null || before != null || largerThan != null || smallerThan != null;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static boolean any(List<String> wanted, String field) {
        if (wanted.isEmpty()) {
            return true;
        }
        String f = nonNull(field).toLowerCase(Locale.ROOT);
        return wanted.stream().anyMatch(f::contains);
    }

    /** Streams the message once, looking for any of the texts (ASCII case-insensitive), keeping a short overlap. */
    private boolean containsText(SourceMessage message) throws IOException {
        List<byte[]> needles = texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        int longest = needles.stream().mapToInt(n -> n.length).max().orElse(0);
        byte[] buf = new byte[65536 + longest];
        int kept = 0;
        try (InputStream in = message.content().open()) {
            int n;
            while ((n = in.read(buf, kept, buf.length - kept)) > 0) {
                int end = kept + n;
                for (byte[] needle : needles) {
                    if (indexOf(buf, end, needle) >= 0) {
                        return true;
                    }
                }
                kept = Math.min(longest - 1, end);
                System.arraycopy(buf, end - kept, buf, 0, kept);
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, int end, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (lowerAscii(hay[i + j]) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte lowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        uids.forEach((f, u) -> parts.add("uid " + f + ":" + new TreeSet<>(u).toString().replaceAll("[\\[\\] ]", "")));
        messageIds.forEach(id -> parts.add("message-id <" + id + ">"));
        senders.forEach(s -> parts.add("from " + s));
        recipients.forEach(s -> parts.add("to " + s));
        subjects.forEach(s -> parts.add("subject " + s));
        if (since != null) {
            parts.add("since " + since);
        }
        if (before != null) {
            parts.add("before " + before);
        }
        texts.forEach(t -> parts.add("text " + t));
        if (largerThan != null) {
            parts.add("larger than " + largerThan);
        }
        if (smallerThan != null) {
            parts.add("smaller than " + smallerThan);
        }
        return String.join("; ", parts);
    }

    private static String bare(String id) {
        String s = id.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
