package org.mailferry.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.imap.protocol.Namespaces;
import org.mailferry.store.FolderPath;

/**
 * The namespaces of an account (RFC 2342 NAMESPACE) and what they mean for folder names. A listed
 * name belongs to the namespace with the longest matching prefix ({@code INBOX} is always
 * personal). Folder paths are relative to the personal namespace: its prefix is removed when a
 * name is read ({@code INBOX.Sent} under {@code (("INBOX." "."))} is the folder {@code Sent}) and
 * added when a folder is created, so an archive made on Cyrus restores as {@code Sent} on Gmail and
 * back. Other users' and shared namespaces are a separate kind, left out unless asked for.
 * Immutable.
 */
public record ImapNamespaces(List<Namespace> personal, List<Namespace> otherUsers, List<Namespace> shared) {

    /** One namespace: its prefix (decoded, often ending with the delimiter) and hierarchy delimiter. */
    public record Namespace(String prefix, Character delimiter) {
    }

    /** Which namespace a name lives in. */
    public enum Kind { PERSONAL, OTHER_USERS, SHARED }

    public ImapNamespaces {
        personal = List.copyOf(personal);
        otherUsers = List.copyOf(otherUsers);
        shared = List.copyOf(shared);
    }

    /** A server without NAMESPACE: one personal namespace without prefix. */
    public static ImapNamespaces unprefixed(Character delimiter) {
        return new ImapNamespaces(List.of(new Namespace("", delimiter)), List.of(), List.of());
    }

    /** From Angus's parse of the NAMESPACE response; a missing personal namespace means no prefix. */
    static ImapNamespaces of(Namespaces ns, Character delimiter) {
        if (ns == null) {
            return unprefixed(delimiter);
        }
        List<Namespace> personal = list(ns.personal);
        return new ImapNamespaces(personal.isEmpty() ? List.of(new Namespace("", delimiter)) : personal,
                list(ns.otherUsers), list(ns.shared));
    }

    private static List<Namespace> list(Namespaces.Namespace[] ns) {
        if (ns == null) {
            return List.of();
        }
        return Arrays.stream(ns).map(n -> new Namespace(n.prefix == null ? "" : n.prefix,
                n.delimiter == '\0' ? null : n.delimiter)).toList();
    }

    /** The personal namespace folders are created in (the first one the server names). */
    public Namespace primary() {
        return personal.get(0);
    }

    /** The namespace kind of a listed (decoded) name. */
    public Kind kindOf(String name) {
        return match(name).map(Match::kind).orElse(Kind.PERSONAL);
    }

    /**
     * The folder path of a listed (decoded) name: a personal prefix removed; a name in another
     * namespace, or in none, keeps its whole name.
     */
    public FolderPath path(String name, Character delimiter) {
        if (name.equalsIgnoreCase("INBOX")) {
            return FolderPath.INBOX;
        }
        Optional<Match> m = match(name);
        if (m.isPresent() && m.get().kind() == Kind.PERSONAL && !m.get().ns().prefix().isEmpty()) {
            String rest = name.substring(m.get().ns().prefix().length());
            if (!rest.isEmpty()) {
                return FolderPath.parse(rest, delimiter);
            }
        }
        return FolderPath.parse(name, delimiter);
    }

    /** The prefix a created folder's name starts with ({@code INBOX} itself never gets one). */
    public String createPrefix() {
        return primary().prefix();
    }

    /** One line for {@code check}: {@code personal "INBOX." "."; other users none; shared none}. */
    public String describe() {
        return "personal " + describe(personal) + "; other users " + describe(otherUsers) + "; shared "
                + describe(shared);
    }

    private static String describe(List<Namespace> ns) {
        if (ns.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (Namespace n : ns) {
            out.add("\"" + n.prefix() + "\" " + (n.delimiter() == null ? "NIL" : "\"" + n.delimiter() + "\""));
        }
        return String.join(", ", out);
    }

    private record Match(Namespace ns, Kind kind) {
    }

    private Optional<Match> match(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return Optional.of(new Match(primary(), Kind.PERSONAL));
        }
        Match best = null;
        for (Kind kind : Kind.values()) {
            for (Namespace n : kind == Kind.PERSONAL ? personal : kind == Kind.OTHER_USERS ? otherUsers : shared) {
                if (within(name, n) && (best == null || n.prefix().length() > best.ns().prefix().length())) {
                    best = new Match(n, kind);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code name} lies in {@code n}: it starts with the prefix, or is the prefix without its delimiter. */
    private static boolean within(String name, Namespace n) {
        String p = n.prefix();
        if (name.startsWith(p)) {
            return true;
        }
        return n.delimiter() != null && p.endsWith(String.valueOf(n.delimiter()))
                && name.equals(p.substring(0, p.length() - 1));
    }
}
