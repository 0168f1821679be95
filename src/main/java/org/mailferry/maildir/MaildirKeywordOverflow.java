package org.mailferry.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * Keywords of a folder's messages that got no letter because {@code dovecot-keywords} already
 * holds 26: the sidecar {@code mailferry-keywords.json} in the folder's directory, format version 1,
 * {@code {"version":1,"keywords":{"<uid>":["kw", ...]}}} with only the messages that have such
 * keywords. {@link #save()} rewrites it atomically when it changed. Not thread-safe: one per open
 * folder.
 */
final class MaildirKeywordOverflow {

    static final String FILE_NAME = "mailferry-keywords.json";
    private static final int VERSION = 1;

    private final Path file;
    private final SortedMap<Long, SortedSet<String>> keywords;
    private boolean changed;

    private MaildirKeywordOverflow(Path file, SortedMap<Long, SortedSet<String>> keywords) {
        this.file = file;
        this.keywords = keywords;
    }

    static MaildirKeywordOverflow load(Path folderDir) {
        Path file = folderDir.resolve(FILE_NAME);
        if (!org.mailferry.archive.ArchiveFiles.exists(file)) {
            return new MaildirKeywordOverflow(file, new TreeMap<>());
        }
        try {
            Content c = Json.MAPPER.readValue(org.mailferry.archive.ArchiveFiles.readAllBytes(file), Content.class);
            if (c.version() > VERSION) {
                throw MailferryException.archive(file + " has format version " + c.version()
                        + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
            }
            return new MaildirKeywordOverflow(file, new TreeMap<>(c.keywords() == null ? Map.of() : c.keywords()));
        } catch (IOException e) {
            throw ArchiveErrors.read(file, e);
        } catch (tools.jackson.core.JacksonException e) {
            throw MailferryException.archive("cannot read keyword sidecar " + file + ": " + e.getMessage(), e);
        }
    }

    SortedSet<String> get(long uid) {
        return Collections.unmodifiableSortedSet(keywords.getOrDefault(uid, new TreeSet<>()));
    }

    /** Records the overflow keywords of one message; an empty set removes its entry. */
    void put(long uid, Set<String> overflow) {
        SortedSet<String> old = keywords.get(uid);
        if (overflow.isEmpty()) {
            changed |= old != null;
            keywords.remove(uid);
        } else if (!overflow.equals(old)) {
            keywords.put(uid, new TreeSet<>(overflow));
            changed = true;
        }
    }

    /** Writes the sidecar if anything changed since it was loaded or last saved. */
    void save() {
        if (!changed) {
            return;
        }
        try {
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(new Content(VERSION, keywords)));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
        changed = false;
    }

    record Content(int version, SortedMap<Long, SortedSet<String>> keywords) {
    }
}
