package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mailferry.error.MailferryException;
import org.mailferry.store.SkippedMessage;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * The messages of an archive folder that were skipped (the source sent no body, a damaged one, or
 * it could not be read), with the reason and how many runs tried (0: not skipped, but lost from
 * the archive and wanted again, {@link #wantAgain}): the sidecar of a folder
 * (Maildir: {@code mailferry-skipped.json} in its directory; mbox: {@code NAME.mbox.skipped.json}),
 * format version 1:
 * {@code {"version":1,"skipped":{"42":{"reason":"no body sent","attempts":2}, ...}}}, rewritten
 * atomically when it changes, deleted when empty. Not thread-safe: one per open folder.
 */
public final class SkipLedger {

    /** One message's line. */
    public record Entry(String reason, int attempts) {
    }

    /** The file's content. */
    public record Content(int version, Map<Long, Entry> skipped) {
    }

    private static final int VERSION = 1;

    private final Path file;
    private final SortedMap<Long, Entry> skipped;

    private SkipLedger(Path file, SortedMap<Long, Entry> skipped) {
        this.file = file;
        this.skipped = skipped;
    }

    public static SkipLedger load(Path file) {
        if (!ArchiveFiles.exists(file)) {
            return new SkipLedger(file, new TreeMap<>());
        }
        try {
            Content c = Json.MAPPER.readValue(ArchiveFiles.readAllBytes(file), Content.class);
            if (c.version() > VERSION) {
                throw MailferryException.archive(file + " has format version " + c.version()
                        + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
            }
            return new SkipLedger(file, new TreeMap<>(c.skipped() == null ? Map.of() : c.skipped()));
        } catch (IOException | tools.jackson.core.JacksonException e) {
            throw MailferryException.archive("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every skipped message recorded, by UID. */
    public SortedMap<Long, SkippedMessage> all() {
        return Collections.unmodifiableSortedMap(missing(uid -> false));
    }

    /** The skipped messages the folder still lacks ({@code held} says which it has since received), by UID. */
    public SortedMap<Long, SkippedMessage> missing(java.util.function.LongPredicate held) {
        SortedMap<Long, SkippedMessage> out = new TreeMap<>();
        skipped.forEach((uid, e) -> {
            if (!held.test(uid)) {
                out.put(uid, new SkippedMessage(uid, e.reason(), e.attempts()));
            }
        });
        return out;
    }

    /** Records one more failed attempt (the first one when the UID is new); saves the file. */
    public SkippedMessage failed(long uid, String reason) {
        Entry before = skipped.get(uid);
        Entry now = new Entry(reason, before == null ? 1 : before.attempts() + 1);
        skipped.put(uid, now);
        save();
        return new SkippedMessage(uid, reason, now.attempts());
    }

    /**
     * Records, durably, messages the archive held but lost (found damaged and cut out) with no
     * failed attempt: wanted again (attempts 0), unless recorded already.
     */
    public void wantAgain(Collection<Long> uids, String reason) {
        uids.forEach(uid -> skipped.putIfAbsent(uid, new Entry(reason, 0)));
        save();
    }

    /** Records a message skipped before this ledger existed, unless it is recorded already (not saved). */
    public void adopt(long uid, String reason) {
        skipped.putIfAbsent(uid, new Entry(reason, 1));
    }

    /** Forgets these messages (now held, or no longer on the source); saves the file if that changed it. */
    public void forget(Collection<Long> uids) {
        boolean changed = false;
        for (long uid : uids) {
            changed |= skipped.remove(uid) != null;
        }
        if (changed) {
            save();
        }
    }

    private void save() {
        try {
            if (skipped.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(new Content(VERSION, skipped)));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }
}
