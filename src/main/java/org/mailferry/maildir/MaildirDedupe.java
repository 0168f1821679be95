package org.mailferry.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.mailferry.archive.Sha256;

/**
 * {@code backup --dedupe}: a message whose bytes and INTERNALDATE equal those of a message stored
 * anywhere in the archive (another folder, or the same one) becomes a hard link to that file
 * instead of a second copy. Each link has its own name in its own folder, so flags (in the name),
 * retention and expunges stay per folder: renaming or deleting one name never touches the others.
 * INTERNALDATE is the file's mtime, which all links share, so a message with the same bytes but
 * another date is copied.
 * <p>
 * The index is the archive's content by SHA-256, from every folder's checksum log
 * ({@link MaildirChecksums}), built when the first folder writes, then kept up to date by the
 * run's own writes: about 150 bytes of memory per archived message. A file found through the
 * logs is hashed again before the first link to it (a file changed since it was logged is never
 * linked to); a file this run wrote is not. A link that fails (another file system, too many
 * links, no hard links at all) is a copy, counted by the caller. Thread-safe: the folders of a
 * run share one, and a message is looked up and, when it has no twin, made visible under one lock,
 * so folders copied in parallel link to each other's files rather than each storing a copy.
 */
final class MaildirDedupe {

    /** Makes {@code link} a new name of {@code existing} ({@link Files#createLink}; tests fail it). */
    interface Linker {
        void link(Path link, Path existing) throws IOException;
    }

    /**
     * How a message was placed: {@code file} is where it is now, {@code linked} whether that is a
     * link to a twin, {@code notLinked} why a twin was there but could not be linked to (else null).
     */
    record Placement(Path file, boolean linked, String notLinked) {
    }

    private record Key(long a, long b, long c, long d) {
        static Key of(String sha256) {
            byte[] h = HexFormat.of().parseHex(sha256);
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(h);
            return new Key(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
        }
    }

    /** A stored message with this content: its folder and UID, the file once known, the next one with the same content. */
    private static final class Ref {
        final Path dir;
        final long uid;
        Path file;
        boolean verified;
        Ref next;

        Ref(Path dir, long uid, Path file, boolean verified, Ref next) {
            this.dir = dir;
            this.uid = uid;
            this.file = file;
            this.verified = verified;
            this.next = next;
        }
    }

    private final MaildirLayout layout;
    private final Linker linker;
    private Map<Key, Ref> byContent;
    private final Map<Path, HeldFiles> listings = new HashMap<>();

    MaildirDedupe(MaildirLayout layout, Linker linker) {
        this.layout = layout;
        this.linker = linker;
    }

    static MaildirDedupe of(MaildirLayout layout) {
        return new MaildirDedupe(layout, Files::createLink);
    }

    /**
     * Places a durable staged message: a link to its twin when one is stored, else {@code move}
     * renames it into {@code cur/} and it becomes the twin of later ones. Under the lock, so two
     * folders writing the same message at once store it once.
     */
    synchronized Placement place(MaildirFolder folder, MaildirDelivery.Staged staged, MaildirDelivery.MoveIntoCur move)
            throws IOException {
        Placement p = link(folder, staged);
        if (p != null && p.linked()) {
            return p;
        }
        Path file = move.move();
        stored(folder, staged.name().uid(), file, staged.sha256());
        return new Placement(file, false, p == null ? null : p.notLinked());
    }

    /**
     * Tries to place a staged message as a link in {@code cur} of {@code folder} under its staged
     * name: returns the placement (not linked: the link failed), or null when no twin is stored.
     */
    synchronized Placement link(MaildirFolder folder, MaildirDelivery.Staged staged) {
        build();
        Instant date = staged.date();
        Key key = Key.of(staged.sha256());
        for (Ref r = byContent.get(key); r != null; r = r.next) {
            Path twin = twinFile(r, staged, date);
            if (twin == null) {
                continue;
            }
            Path link = folder.cur().resolve(staged.name().format());
            try {
                linker.link(link, twin);
            } catch (NoSuchFileException | FileAlreadyExistsException e) {
                continue; // renamed by its folder's flag change, or a name taken: another twin, else a copy
            } catch (IOException | UnsupportedOperationException e) {
                return new Placement(null, false, reason(e));
            }
            remember(folder, staged.name().uid(), link, key);
            return new Placement(link, true, null);
        }
        return null;
    }

    /** Records a message this run made visible as a file of its own, for later twins. */
    private void stored(MaildirFolder folder, long uid, Path file, String sha256) {
        if (byContent == null) {
            return; // built from the checksum logs, which hold it, at the first link
        }
        remember(folder, uid, file, Key.of(sha256));
    }

    /** {@code file}, holding {@code folder}'s {@code uid}, as a twin for later messages with that content. */
    private void remember(MaildirFolder folder, long uid, Path file, Key key) {
        byContent.put(key, new Ref(folder.dir(), uid, file, true, byContent.get(key)));
        HeldFiles listed = listings.get(folder.dir());
        if (listed != null) {
            listed.put(uid, file);
        }
    }

    /** The file {@code r} stands for, when it is a regular file with the staged message's size, date and bytes. */
    private Path twinFile(Ref r, MaildirDelivery.Staged staged, Instant date) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Path file = attempt == 0 && r.file != null ? r.file : resolve(r, attempt > 0);
            if (file == null) {
                return null;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                r.file = null;
                continue; // renamed (a flag change) or removed since: list its folder again
            }
            if (!a.isRegularFile() || a.size() != staged.name().size()
                    || a.lastModifiedTime().toInstant().getEpochSecond() != date.getEpochSecond()) {
                return null;
            }
            r.file = file;
            if (!r.verified) {
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    if (!Sha256.of(in).equals(staged.sha256())) {
                        return null;
                    }
                } catch (IOException e) {
                    return null;
                }
                r.verified = true;
            }
            return file;
        }
        return null;
    }

    /** The file holding {@code r}'s UID in its folder, listing the folder (again when {@code fresh}). */
    private Path resolve(Ref r, boolean fresh) {
        HeldFiles listed = fresh ? null : listings.get(r.dir);
        if (listed == null) {
            try {
                listed = HeldFiles.of(r.dir, new MaildirFolder(r.dir).messageFiles());
            } catch (RuntimeException e) {
                return null; // the folder was set aside or removed
            }
            listings.put(r.dir, listed);
        }
        MaildirFolder.Entry e = listed.get(r.uid);
        return e == null ? null : e.file();
    }

    /** Reads every folder's checksum log once. */
    private void build() {
        if (byContent != null) {
            return;
        }
        byContent = new HashMap<>();
        for (MaildirFolder f : layout.folders().values()) {
            for (MaildirChecksums.Recorded rec : MaildirChecksums.load(f.dir()).all().values()) {
                if (rec.sha256() != null && rec.sha256().length() == 64) {
                    Key key = Key.of(rec.sha256());
                    byContent.put(key, new Ref(f.dir(), rec.uid(), null, false, byContent.get(key)));
                }
            }
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }
}
