package org.mailferry.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchiveNames;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderPath;
import org.mailferry.util.PrivateFiles;

/**
 * Where each folder of a Maildir archive lives, laid out as Dovecot's Maildir++ so that
 * {@code mail_location = maildir:<root>} serves the archive: INBOX is the root itself; any other
 * folder [a, b, c] is the directory {@code root/.a.b.c}, each segment encoded by
 * {@link ArchiveNames#encodeSegment} (which escapes {@code .}); {@code INBOX/x} is {@code .INBOX.x}.
 * A name too long for a file system is shortened by {@link ArchiveNames#fit}.
 * <p>
 * Going back, a directory's state file names its folder, else its name is decoded. A new folder
 * whose directory name equals an existing one ignoring case (a case-insensitive file system would
 * merge them) gets {@link ArchiveNames#caseSuffix} of its exact name appended.
 * <p>
 * After a UIDVALIDITY change a folder is set aside ({@link #retire}): its state file is first
 * rewritten under the retired name, then its directory renamed (INBOX: its cur/, new/, tmp/ and
 * mailferry's files moved). A retirement cut short by a crash is completed when the folder is
 * next opened for writing.
 * <p>
 * Thread-safe: lookups and creations are synchronized, so partitions opening sinks concurrently
 * never pick the same directory.
 */
public final class MaildirLayout {

    /** What belongs to INBOX in the root, moved when it is set aside; the state file last. */
    private static final List<String> INBOX_ITEMS = List.of("cur", "new", "tmp", MaildirKeywords.FILE_NAME,
            MaildirKeywordOverflow.FILE_NAME, MaildirChecksums.FILE_NAME, MaildirFolder.GONE_FILE, MaildirFolder.SKIPPED_FILE,
            MaildirFolder.STATE_FILE);

    private final Path root;

    public MaildirLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The directory name of a folder relative to the root: {@code .} for INBOX, else {@code .a.b}. */
    public static String directoryName(FolderPath path) {
        return path.isInbox() ? "." : ArchiveNames.fit(fullDirectoryName(path), path.key());
    }

    /** The directory name before {@link ArchiveNames#fit} shortens it (what archives made before that used). */
    private static String fullDirectoryName(FolderPath path) {
        StringBuilder name = new StringBuilder();
        path.segments().forEach(s -> name.append('.').append(ArchiveNames.encodeSegment(s)));
        return name.toString();
    }

    /** The folder a directory name stands for; empty when it is no Maildir++ folder name. */
    public static Optional<FolderPath> decodeDirectoryName(String name) {
        if (name.equals(".")) {
            return Optional.of(FolderPath.INBOX);
        }
        if (!name.startsWith(".")) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String component : name.substring(1).split("\\.", -1)) {
            if (component.isEmpty()) {
                return Optional.empty();
            }
            segments.add(ArchiveNames.decodeSegment(component));
        }
        return Optional.of(new FolderPath(segments));
    }

    /** The folder's name as this store spells it: its directory relative to the root. */
    String rawName(MaildirFolder folder) {
        return folder.dir().equals(root) ? "." : folder.dir().getFileName().toString();
    }

    /** Every Maildir folder (a directory with cur/) by its path; the first directory claiming a path wins. */
    synchronized SortedMap<FolderPath, MaildirFolder> folders() {
        SortedMap<FolderPath, MaildirFolder> folders = new TreeMap<>();
        List<Path> dirs = new ArrayList<>(List.of(root));
        dirs.addAll(subdirectories());
        for (Path dir : dirs) {
            MaildirFolder f = new MaildirFolder(dir);
            if (f.isMaildir() && (!Files.exists(dir.resolve(LABEL_MARKER)) || f.state().isPresent())) {
                pathOf(f).ifPresent(p -> folders.putIfAbsent(p, f));
            }
        }
        return folders;
    }

    /**
     * Marks a Gmail label folder: a Maildir (Dovecot and mutt read it) holding hard links to the
     * files of All Mail, a view that the archive's own listing leaves out.
     */
    static final String LABEL_MARKER = "mailferry-label";

    /**
     * The label folder {@code path}, created with its marker where missing; empty when a folder
     * backed up in its own right has that path (Gmail's Spam or Trash named as a label).
     */
    synchronized Optional<MaildirFolder> labelFolder(FolderPath path) {
        MaildirFolder f = checked(new MaildirFolder(existing(path).orElseGet(() -> newDirectory(path))));
        if (f.state().isPresent()) {
            return Optional.empty();
        }
        if (!f.isMaildir() || !Files.exists(f.dir().resolve(LABEL_MARKER))) {
            f.create(!path.isInbox());
            try {
                Files.write(f.dir().resolve(LABEL_MARKER), new byte[0]);
                org.mailferry.util.PrivateFiles.fsyncDirectory(f.dir());
            } catch (java.io.IOException e) {
                throw org.mailferry.archive.ArchiveErrors.write(f.dir(), e);
            }
        }
        return Optional.of(f);
    }

    /** The folder's existing directory, if it is a Maildir. */
    synchronized Optional<MaildirFolder> find(FolderPath path) {
        return existing(path).map(MaildirFolder::new).filter(MaildirFolder::isMaildir).map(this::checked);
    }

    /**
     * {@code f}, after refusing (exit code 14, that folder only) a folder directory or a
     * {@code cur/}, {@code new/} or {@code tmp/} that is a link: reading or writing through it
     * would read or write outside the archive.
     */
    MaildirFolder checked(MaildirFolder f) {
        for (String sub : List.of("cur", "new", "tmp")) {
            org.mailferry.archive.ArchiveFiles.requireRealDirectories(root, f.dir().resolve(sub));
        }
        return f;
    }

    /**
     * Opens a folder for writing: completes a retirement cut short, creates the directory with
     * cur/, new/ and tmp/ where missing, and writes {@code fresh} as its state when it has none.
     */
    synchronized MaildirFolder create(FolderPath path, ArchivedFolder fresh) {
        for (Path dir : candidates(path)) {
            Optional<ArchivedFolder> s = new MaildirFolder(dir).state();
            if (s.isPresent() && s.get().retiredUidValidity() != 0
                    && s.get().path().equals(ArchivedFolder.retiredPath(path, s.get().retiredUidValidity()))) {
                moveAside(dir, asideDirectory(s.get().path()));
            }
        }
        MaildirFolder f = checked(new MaildirFolder(existing(path).orElseGet(() -> newDirectory(path))));
        f.create(!path.isInbox());
        if (f.state().isEmpty()) {
            f.writeState(fresh);
        }
        return f;
    }

    /**
     * Sets a folder's content aside as the folder {@link ArchivedFolder#retiredPath} of its old
     * UIDVALIDITY, whose state keeps the old generation; the folder itself is left absent.
     */
    synchronized FolderPath retire(FolderPath path, MaildirFolder folder, ArchivedFolder state) {
        FolderPath retired = ArchivedFolder.retiredPath(path, state.uidValidity());
        Path target = asideDirectory(retired);
        folder.writeState(state.retiredAs(retired));
        moveAside(folder.dir(), target);
        return retired;
    }

    private Optional<FolderPath> pathOf(MaildirFolder folder) {
        Optional<ArchivedFolder> state = folder.state();
        return state.isPresent() ? Optional.of(state.get().path()) : decodeDirectoryName(rawName(folder));
    }

    /** The directories that may hold {@code path}: the root for INBOX, else its name with or without case suffix. */
    private List<Path> candidates(FolderPath path) {
        if (path.isInbox()) {
            return List.of(root);
        }
        String name = directoryName(path);
        String suffixed = name + ArchiveNames.caseSuffix(path.display());
        String full = fullDirectoryName(path);
        return subdirectories().stream()
                .filter(d -> d.getFileName().toString().equalsIgnoreCase(name)
                        || d.getFileName().toString().equalsIgnoreCase(suffixed)
                        || d.getFileName().toString().equalsIgnoreCase(full))
                .toList();
    }

    private Optional<Path> existing(FolderPath path) {
        if (path.isInbox()) {
            return Optional.of(root);
        }
        return candidates(path).stream()
                .filter(d -> pathOf(new MaildirFolder(d)).filter(path::equals).isPresent())
                .findFirst();
    }

    private Path newDirectory(FolderPath path) {
        String name = directoryName(path);
        boolean taken = candidates(path).stream().anyMatch(d -> d.getFileName().toString().equalsIgnoreCase(name));
        return root.resolve(taken ? name + ArchiveNames.caseSuffix(path.display()) : name);
    }

    /** The directory a retired folder moves to; refuses one that already holds a complete folder. */
    private Path asideDirectory(FolderPath retired) {
        Path target = existing(retired).orElseGet(() -> newDirectory(retired));
        if (Files.exists(target.resolve(MaildirFolder.STATE_FILE))) {
            throw MailferryException.folder("cannot set aside folder " + retired + " in " + root
                    + ": a folder of that name is already there; move it away and run again", null);
        }
        return target;
    }

    private void moveAside(Path dir, Path target) {
        try {
            if (dir.equals(root)) {
                PrivateFiles.createDirectories(target);
                for (String item : INBOX_ITEMS) {
                    if (Files.exists(root.resolve(item))) {
                        moveMerging(root.resolve(item), target.resolve(item));
                    }
                }
                new MaildirFolder(target).create(true);
            } else {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            }
            PrivateFiles.fsyncDirectory(root);
        } catch (IOException e) {
            throw ArchiveErrors.write(dir, e);
        }
    }

    /** Moves a file or directory; into a directory already there (an earlier attempt) entry by entry. */
    private static void moveMerging(Path from, Path to) throws IOException {
        if (Files.isDirectory(from) && Files.isDirectory(to)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
                for (Path e : entries) {
                    Files.move(e, to.resolve(e.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.delete(from);
        } else {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private List<Path> subdirectories() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ".*")) {
            List<Path> dirs = new ArrayList<>();
            for (Path e : entries) {
                if (Files.isDirectory(e)) {
                    dirs.add(e);
                }
            }
            dirs.sort(null);
            return dirs;
        } catch (IOException e) {
            throw ArchiveErrors.read(root, e);
        }
    }
}
