package org.mailferry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder name independent of any store: its decoded segments, without a hierarchy delimiter.
 * {@code INBOX} is canonicalised (case-insensitive on every server, RFC 3501 5.1). The display
 * form joins segments with {@code /}. Immutable.
 */
public record FolderPath(List<String> segments) implements Comparable<FolderPath> {

    public static final FolderPath INBOX = new FolderPath(List.of("INBOX"));

    public FolderPath {
        Objects.requireNonNull(segments, "segments");
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a folder path needs at least one segment");
        }
        for (String s : segments) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("empty segment in folder path " + segments);
            }
        }
        List<String> copy = new ArrayList<>(segments);
        if (copy.get(0).equalsIgnoreCase("INBOX")) {
            copy.set(0, "INBOX");
        }
        segments = List.copyOf(copy);
    }

    /** Splits a decoded server name on its delimiter; a {@code null} delimiter means a flat name. */
    public static FolderPath parse(String decodedName, Character delimiter) {
        if (delimiter == null) {
            return new FolderPath(List.of(decodedName));
        }
        List<String> parts = new ArrayList<>();
        for (String p : decodedName.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            parts.add(decodedName);
        }
        return new FolderPath(parts);
    }

    /** Parses the display form, as users type it on the command line ({@code Projects/2026}). */
    public static FolderPath of(String display) {
        return parse(display, '/');
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
        return display().compareTo(o.display());
    }

    @Override
    public String toString() {
        return display();
    }
}
