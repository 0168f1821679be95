package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * When each archived message was first seen gone from the source, so retention
 * ({@code backup --keep-deleted-for}) removes a message only once it has been gone that long.
 * The sidecar of a folder (Maildir: {@code mailferry-gone.json} in its directory; mbox:
 * {@code NAME.mbox.gone.json}), format version 1:
 * {@code {"version":1,"gone":{"42":"2026-11-25T02:15:00Z", ...}}}, rewritten atomically when it
 * changes. Not thread-safe: one per open folder.
 */
public final class GoneLedger {

    /** The file's content. */
    public record Content(int version, Map<Long, Instant> gone) {
    }

    private static final int VERSION = 1;

    private final Path file;
    private final Map<Long, Instant> gone;

    private GoneLedger(Path file, Map<Long, Instant> gone) {
        this.file = file;
        this.gone = gone;
    }

    public static GoneLedger load(Path file) {
        if (!ArchiveFiles.exists(file)) {
            return new GoneLedger(file, new TreeMap<>());
        }
        try {
            Content c = Json.MAPPER.readValue(ArchiveFiles.readAllBytes(file), Content.class);
            if (c.version() > VERSION) {
                throw org.mailferry.error.MailferryException.archive(file + " has format version " + c.version()
                        + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
            }
            return new GoneLedger(file, new TreeMap<>(c.gone() == null ? Map.of() : c.gone()));
        } catch (IOException | tools.jackson.core.JacksonException e) {
            throw org.mailferry.error.MailferryException.archive("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Notes that {@code uids} are gone from the source (those seen before keep their first
     * date) and returns the ones gone for at least {@code keep}: due for removal.
     */
    public List<Long> due(Collection<Long> uids, Instant now, Duration keep) {
        List<Long> due = new ArrayList<>();
        for (long uid : uids) {
            Instant since = gone.computeIfAbsent(uid, u -> now);
            if (!since.plus(keep).isAfter(now)) {
                due.add(uid);
            }
        }
        return due;
    }

    /** Forgets messages removed from the archive; saves the file (atomically). */
    public void removed(Collection<Long> uids) {
        uids.forEach(gone::remove);
        save();
    }

    /** Saves the first-seen dates. */
    public void save() {
        try {
            if (gone.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(new Content(VERSION, gone)));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }
}
