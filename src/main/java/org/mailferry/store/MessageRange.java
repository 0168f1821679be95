package org.mailferry.store;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter of a backup or migration ({@code --since}, {@code --before}, {@code --larger-than},
 * {@code --smaller-than}, {@code --search}): which source messages a run copies. Days are UTC days
 * of INTERNALDATE, {@code since} inclusive, {@code before} exclusive; sizes are RFC822.SIZE in
 * bytes, both bounds exclusive. A null bound does not limit. {@code search} holds IMAP SEARCH
 * keys ({@link SearchKeys}, checked here) that only the server applies. Immutable; also the JSON
 * form an archive's folder state records ({@code filter}), so that a later run knows what an
 * earlier one left out.
 */
public record MessageRange(LocalDate since, LocalDate before, Long largerThan, Long smallerThan, String search) {

    /** No filter: every message. */
    public static final MessageRange ALL = new MessageRange(null, null, null, null, null);

    /** @throws IllegalArgumentException when {@code search} are not valid keys */
    public MessageRange {
        if (search != null) {
            search = SearchKeys.parse(search).toString();
        }
    }

    public MessageRange(LocalDate since, LocalDate before, Long largerThan, Long smallerThan) {
        this(since, before, largerThan, smallerThan, null);
    }

    /** The search keys the server applies, if any. */
    public java.util.Optional<SearchKeys> searchKeys() {
        return java.util.Optional.ofNullable(search).map(SearchKeys::parse);
    }

    private static final DateTimeFormatter IMAP_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ROOT);

    public boolean isAll() {
        return ALL.equals(this);
    }

    /** Whether the message is within the dates and sizes; {@link #search} keys are the server's to apply. */
    public boolean matches(MessageMeta m) {
        LocalDate day = m.internalDate().atZone(ZoneOffset.UTC).toLocalDate();
        return (since == null || !day.isBefore(since)) && (before == null || day.isBefore(before))
                && (largerThan == null || m.size() > largerThan) && (smallerThan == null || m.size() < smallerThan);
    }

    /**
     * The messages both ranges take: the claim a folder's state can make while a run under
     * {@code other} fills in after a run under this one.
     */
    public MessageRange intersect(MessageRange other) {
        return new MessageRange(later(since, other.since), earlier(before, other.before),
                max(largerThan, other.largerThan), min(smallerThan, other.smallerThan), both(search, other.search));
    }

    /**
     * IMAP SEARCH keys that take at least every matching message (empty for {@link #ALL}): the
     * server compares days in its own time zone, so dates get a day of margin and each message
     * is checked exactly with {@link #matches} on arrival. Without the {@link #search} keys, which
     * go as separate arguments.
     */
    public String imapSearchKeys() {
        List<String> keys = new ArrayList<>();
        if (since != null) {
            keys.add("SINCE " + IMAP_DATE.format(since.minusDays(1)));
        }
        if (before != null) {
            keys.add("BEFORE " + IMAP_DATE.format(before.plusDays(1)));
        }
        if (largerThan != null) {
            keys.add("LARGER " + largerThan);
        }
        if (smallerThan != null) {
            keys.add("SMALLER " + smallerThan);
        }
        return String.join(" ", keys);
    }

    /** The filter in words, for the channel key and notes; empty for {@link #ALL}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (since != null) {
            parts.add("since " + since);
        }
        if (before != null) {
            parts.add("before " + before);
        }
        if (largerThan != null) {
            parts.add("larger than " + largerThan + " bytes");
        }
        if (smallerThan != null) {
            parts.add("smaller than " + smallerThan + " bytes");
        }
        if (search != null) {
            parts.add("search '" + search + "'");
        }
        return String.join(", ", parts);
    }

    /** Keys that take what both take: IMAP ANDs keys side by side. */
    private static String both(String a, String b) {
        return a == null ? b : b == null || a.equals(b) ? a : "(" + a + ") (" + b + ")";
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    private static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }
}
