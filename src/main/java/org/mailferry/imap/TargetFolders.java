package org.mailferry.imap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;

/**
 * The folders of a target account and how a folder path becomes a name there: the personal
 * namespace's prefix ({@link ImapNamespaces}, e.g. {@code INBOX.} on Cyrus; never before INBOX
 * itself), then the segments joined with the target's hierarchy delimiter (Angus encodes
 * modified UTF-7). Documented rules for
 * names the target cannot take: a delimiter character inside a segment becomes {@code _}; a
 * folder the server refuses to create is created with the characters its refusal names in quotes
 * replaced by {@code _} (Dovecot: {@code Character not allowed in mailbox name: '.'}), else as
 * {@code "<name> (restored)"}. Every rename is reported, nothing dropped. Thread-safe (partitions create folders concurrently).
 */
final class TargetFolders {

    static final String REFUSED_SUFFIX = " (restored)";
    private static final Pattern QUOTED_CHARACTER = Pattern.compile("(['\"])([^'\"\\s])\\1");

    private final ImapConnectionPool pool;
    private Set<String> existing;
    private char delimiter;
    private String prefix;

    TargetFolders(ImapConnectionPool pool) {
        this.pool = pool;
    }

    /** The target's full name for {@code path}, created if missing; {@code notes} receives what happened. */
    synchronized String ensure(FolderPath path, List<String> notes) {
        load();
        String name = name(path, notes);
        if (exists(name)) {
            return name;
        }
        try {
            pool.withConnection(c -> {
                c.create(name);
                return null;
            });
            existing.add(name);
            notes.add("created folder " + name + " on the target");
            return name;
        } catch (MailferryException refused) {
            if (existsNow(name)) {
                existing.add(name); // created meanwhile (another process), or the server said ALREADYEXISTS
                return name;
            }
            String reason = serverText(refused);
            String rewritten = name(replaced(path, refusedCharacters(reason)), new ArrayList<>());
            if (!rewritten.equals(name) && (exists(rewritten) || tryCreate(rewritten))) {
                notes.add("the target refused the folder name " + name + " (" + reason + "); restored into "
                        + rewritten + " instead");
                return rewritten;
            }
            String renamed = rewritten + REFUSED_SUFFIX;
            if (!exists(renamed)) {
                pool.withConnection(c -> {
                    c.create(renamed);
                    return null;
                });
                existing.add(renamed);
            }
            notes.add("the target refused the folder name " + name + " (" + reason + "); restored into "
                    + renamed + " instead");
            return renamed;
        }
    }

    private boolean tryCreate(String name) {
        try {
            pool.withConnection(c -> {
                c.create(name);
                return null;
            });
            existing.add(name);
            return true;
        } catch (MailferryException refusedAgain) {
            return false;
        }
    }

    /** The server's own words, from the exception or its cause. */
    private static String serverText(MailferryException e) {
        Throwable c = e.getCause();
        String m = c != null && c.getMessage() != null ? c.getMessage() : e.getMessage();
        return m == null ? "no reason given" : m.strip();
    }

    /**
     * The characters a refusal names in quotes ({@code Character not allowed in mailbox name: '.'},
     * Dovecot; {@code Invalid character "%"}): single characters between {@code '} or {@code "}.
     */
    static Set<Character> refusedCharacters(String serverText) {
        Set<Character> out = new java.util.LinkedHashSet<>();
        Matcher m = QUOTED_CHARACTER.matcher(serverText);
        while (m.find()) {
            out.add(m.group(2).charAt(0));
        }
        return out;
    }

    /** {@code path} with each refused character of its segments replaced by {@code _}. */
    private static FolderPath replaced(FolderPath path, Set<Character> refused) {
        List<String> segments = new ArrayList<>();
        for (String seg : path.segments()) {
            String s = seg;
            for (char c : refused) {
                s = s.replace(c, '_');
            }
            segments.add(s);
        }
        return new FolderPath(segments);
    }

    /** The full name {@code path} gets on the target (without creating anything). */
    synchronized String name(FolderPath path, List<String> notes) {
        load();
        if (path.isInbox()) {
            return "INBOX";
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.segments()) {
            String safe = delimiter == '\0' ? s : s.replace(delimiter, '_');
            if (!safe.equals(s)) {
                notes.add("folder name segment \"" + s + "\" contains the target's delimiter '" + delimiter
                        + "': written as \"" + safe + "\"");
            }
            segments.add(safe);
        }
        return prefix + (delimiter == '\0' ? String.join("", segments) : String.join(String.valueOf(delimiter), segments));
    }

    synchronized boolean exists(String name) {
        load();
        return existing.contains(name) || (name.equalsIgnoreCase("INBOX"));
    }

    /** Asks the server again (the cached listing may be older than a concurrent CREATE). */
    private boolean existsNow(String name) {
        return pool.withConnection(c -> c.listFolders().stream()
                .anyMatch(f -> BASE64MailboxDecoder.decode(f.rawName()).equals(name)));
    }

    private void load() {
        if (existing != null) {
            return;
        }
        existing = new HashSet<>();
        pool.withConnection(c -> {
            ImapNamespaces.Namespace personal = c.namespaces().primary();
            delimiter = personal.delimiter() == null ? c.delimiter() : personal.delimiter();
            prefix = personal.prefix();
            // only folders that can hold messages count: a \\Noselect parent made implicitly
            // by creating a child must still be CREATEd before it can be selected
            for (FolderInfo f : c.listFolders(true)) {
                existing.add(BASE64MailboxDecoder.decode(f.rawName()));
            }
            return null;
        });
    }
}
