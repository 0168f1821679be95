package org.mailferry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder name independent of any store: its decoded segments, without a hierarchy delimiter.
 * {@code INBOX} is canonicalised (case-insensitive on every server, RFC 3501 5.1). The display
 * form joins segments with {@code /}; it is for people and may be ambiguous (a segment may hold a
 * {@code /}). Identity is the exact segment list: names a server lists are parsed with their
 * empty segments ({@code a//b}, {@code /x}), so two listed names never become one path;
 * {@link #key()} is a unique string form and the order is by segments. Immutable.
 */
public record FolderPath(List<String> segments) implements Comparable<FolderPath> {

    public static final FolderPath INBOX = new FolderPath(List.of("INBOX"));

    public FolderPath {
        Objects.requireNonNull(segments, "segments");
        if (segments.isEmpty() || segments.stream().allMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a folder path needs a non-empty segment");
        }
        if (segments.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("null segment in folder path " + segments);
        }
        List<String> copy = new ArrayList<>(segments);
        if (copy.get(0).equalsIgnoreCase("INBOX")) {
            copy.set(0, "INBOX");
        }
        segments = List.copyOf(copy);
    }

    /**
     * Splits a decoded server name on its delimiter, exactly: empty segments are kept, so
     * {@code a//b}, {@code a/b}, {@code /x} and {@code x} stay four folders. A {@code null}
     * delimiter means a flat name.
     */
    public static FolderPath parse(String decodedName, Character delimiter) {
        if (delimiter == null) {
            return new FolderPath(List.of(decodedName));
        }
        List<String> parts = List.of(decodedName.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1));
        return parts.stream().allMatch(String::isEmpty) ? new FolderPath(List.of(decodedName)) : new FolderPath(parts);
    }

    /** Parses the display form, as users type it on the command line ({@code Projects/2026}); empty segments are dropped. */
    public static FolderPath of(String display) {
        List<String> parts = new ArrayList<>();
        for (String p : display.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return new FolderPath(parts.isEmpty() ? List.of(display) : parts);
    }

    /**
     * A unique string form: segments joined with {@code /}, where {@code %} and {@code /} inside a
     * segment are written {@code %25} and {@code %2F}. Equals {@link #display()} for every name
     * without those characters, so keys of ordinary folders do not change.
     */
    public String key() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(segments.get(i).replace("%", "%25").replace("/", "%2F"));
        }
        return out.toString();
    }

    public boolean isInbox() {
        return segments.size() == 1 && segments.get(0).equals("INBOX");
    }

    public String join(char delimiter) {
        return String.join(String.valueOf(delimiter), segments);
    }

    public String display() {
        return join('/');
    }

    public FolderPath under(FolderPath prefix) {
        List<String> all = new ArrayList<>(prefix.segments);
        all.addAll(segments);
        return new FolderPath(all);
    }

    public String leaf() {
        return segments.get(segments.size() - 1);
    }

    @Override
    public int compareTo(FolderPath o) {
        for (int i = 0; i < Math.min(segments.size(), o.segments.size()); i++) {
            int c = segments.get(i).compareTo(o.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), o.segments.size());
    }

    @Override
    public String toString() {
        return display();
    }
}
