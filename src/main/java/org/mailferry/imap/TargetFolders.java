package org.mailferry.imap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * folder the server refuses to create is created as {@code "<name> (restored)"} instead. Both
 * are reported, never dropped. Thread-safe (partitions create folders concurrently).
 */
final class TargetFolders {

    static final String REFUSED_SUFFIX = " (restored)";

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
            String renamed = name + REFUSED_SUFFIX;
            if (!exists(renamed)) {
                pool.withConnection(c -> {
                    c.create(renamed);
                    return null;
                });
                existing.add(renamed);
            }
            notes.add("the target refused the folder name " + name + " (" + refused.getMessage() + "); restored into "
                    + renamed + " instead");
            return renamed;
        }
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
