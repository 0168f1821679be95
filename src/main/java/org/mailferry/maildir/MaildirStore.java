package org.mailferry.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchiveLock;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.archive.Compression;
import org.mailferry.archive.FolderCheck;
import org.mailferry.archive.FolderContents;
import org.mailferry.archive.HeldMessage;
import org.mailferry.archive.ManifestFolder;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;

/**
 * A Maildir archive: one Maildir++ tree under a root directory ({@link MaildirLayout}), which a
 * Dovecot with {@code mail_location = maildir:<root>} can serve. Opened for writing it holds the
 * archive's {@link ArchiveLock} ({@code .mailferry.lock} in the root) until {@link #close()}.
 * Thread-safe: partitions open their folder sources and sinks concurrently.
 */
public final class MaildirStore implements ArchiveStore {

    private final MaildirLayout layout;
    private final ArchiveLock lock;

    private MaildirStore(MaildirLayout layout, ArchiveLock lock) {
        this.layout = layout;
        this.lock = lock;
    }

    /**
     * Opens the archive at {@code root}. For writing the root is created if needed and locked
     * (exit code BUSY while another run holds it); for reading it must exist.
     */
    public static MaildirStore open(Path root, boolean forWriting) {
        MaildirLayout layout = new MaildirLayout(root);
        if (forWriting) {
            return new MaildirStore(layout, ArchiveLock.acquire(layout.root()));
        }
        if (!Files.isDirectory(layout.root())) {
            throw MailferryException.store(ExitCode.USAGE, "no Maildir archive at " + layout.root()
                    + ": check the path (it is created by a backup)", null); // a wrong argument, not a failing disk
        }
        return new MaildirStore(layout, null);
    }


    private final org.mailferry.archive.LabelViewing labels = new org.mailferry.archive.LabelViewing();
    private volatile MaildirDedupe dedupe;

    /** {@code backup --dedupe}: a message the archive stores already becomes a hard link to it ({@link MaildirDedupe}). */
    public MaildirStore deduplicating(boolean on) {
        dedupe = on ? MaildirDedupe.of(layout) : null;
        return this;
    }

    /** As {@link #deduplicating}, linking with {@code linker} (tests make links fail). */
    MaildirStore deduplicating(MaildirDedupe.Linker linker) {
        dedupe = new MaildirDedupe(layout, linker);
        return this;
    }

    /** Gmail labels are read as this run's plan says ({@link org.mailferry.archive.LabelViewing}); default: as stored. */
    public MaildirStore withLabels(org.mailferry.store.LabelPlan plan) {
        labels.plan(plan);
        return this;
    }

    @Override
    public String describe() {
        return "maildir:" + layout.root();
    }

    @Override
    public List<FolderInfo> listFolders() {
        List<FolderInfo> folders = new ArrayList<>();
        layout.folders().forEach((path, folder) -> folders.add(info(path, folder)));
        return labels.folders(folders, this::gmailIndex);
    }

    @Override
    public FolderSource openSource(FolderInfo folder) {
        return labels.source(folder, this::physicalSource);
    }

    @Override
    public java.util.Optional<String> changeToken(FolderInfo folder) {
        if (labels.isView(folder.path())) {
            return java.util.Optional.empty();
        }
        try {
            MaildirFolder f = folderOf(folder);
            return java.util.Optional.of(modified(f.cur()) + "/" + modified(f.dir().resolve("new")));
        } catch (java.io.IOException | MailferryException e) {
            return java.util.Optional.empty();
        }
    }

    /** A directory's modification time in nanoseconds, not following a link. */
    private static long modified(Path dir) throws java.io.IOException {
        return java.nio.file.Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private org.mailferry.archive.GmailIndex gmailIndex(FolderInfo folder) {
        return org.mailferry.archive.GmailIndex.load(folderOf(folder).dir().resolve(MaildirFolder.GMAIL_FILE));
    }

    private FolderSource physicalSource(FolderInfo folder) {
        MaildirFolder f = folderOf(folder);
        return new MaildirFolderSource(info(folder.path(), f), f);
    }

    @Override
    public FolderSink openSink(FolderInfo source, FolderPath target) {
        if (lock == null) {
            throw new IllegalStateException("archive " + layout.root() + " was opened for reading");
        }
        return new MaildirFolderSink(layout, target, layout.create(target, ArchivedFolder.fresh(source, target)), dedupe);
    }

    @Override
    public Path root() {
        return layout.root();
    }

    @Override
    public List<FolderContents> contents() {
        List<FolderContents> all = new ArrayList<>();
        layout.folders().forEach((path, folder) -> all.add(contentsOf(info(path, folder), folder)));
        return all;
    }

    @Override
    public List<ManifestFolder> manifestFolders() {
        List<ManifestFolder> all = new ArrayList<>();
        layout.folders().forEach((path, folder) -> all.add(manifestFolderOf(info(path, folder), folder)));
        return all;
    }

    @Override
    public FolderCheck check(FolderInfo folder) {
        MaildirFolder f = folderOf(folder);
        return MaildirFolderCheck.run(f, contentsOf(folder, f));
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public void removeFolder(FolderPath path) {
        if (path.equals(FolderPath.INBOX)) {
            return;
        }
        layout.find(path).ifPresent(folder -> {
            try (java.util.stream.Stream<Path> all = Files.walk(folder.dir())) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                org.mailferry.util.PrivateFiles.fsyncDirectory(layout.root());
            } catch (IOException e) {
                throw ArchiveErrors.write(folder.dir(), e);
            }
        });
    }

    private MaildirFolder folderOf(FolderInfo folder) {
        return layout.find(folder.path()).orElseThrow(() -> MailferryException.folder(
                "folder " + folder.path() + " is not in the archive " + layout.root(), null));
    }

    private FolderContents contentsOf(FolderInfo info, MaildirFolder folder) {
        return contentsOf(info, folder, new MaildirFolderSource(info, layout.checked(folder)).held());
    }

    private FolderContents contentsOf(FolderInfo info, MaildirFolder folder, List<HeldMessage> messages) {
        String dir = layout.rawName(folder);
        Optional<ArchivedFolder> state = folder.state();
        return new FolderContents(info, dir, dir + "/" + MaildirChecksums.FILE_NAME, Compression.NONE.id(),
                state.map(ArchivedFolder::uidValidity).orElse(0L), state.map(ArchivedFolder::retiredUidValidity).orElse(0L),
                messages, state.map(ArchivedFolder::sourceName).orElse(null));
    }

    /**
     * What {@link #contentsOf} would count, from the file names alone: sizes from {@code S=} (a
     * file without one is stat-ed), UIDs from {@code U=}, files without one numbered after them as
     * {@link MaildirFolderSource} does. No checksum is read: 10,000 stat calls and a sidecar parse
     * less at the end of every run.
     */
    private ManifestFolder manifestFolderOf(FolderInfo info, MaildirFolder folder) {
        long count = 0;
        long bytes = 0;
        long highestUid = 0;
        long withoutUid = 0;
        for (MaildirFolder.Entry e : folder.messageFiles()) {
            long size = e.name().size() >= 0 ? e.name().size() : sizeOf(e.file());
            if (size < 0) {
                continue; // expunged since the directory was listed
            }
            count++;
            bytes += size;
            if (e.name().uid() > 0) {
                highestUid = Math.max(highestUid, e.name().uid());
            } else {
                withoutUid++;
            }
        }
        return ManifestFolder.counted(contentsOf(info, folder, List.of()), count, bytes, highestUid + withoutUid);
    }

    /** The file's size, or -1 when it is gone. */
    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw ArchiveErrors.read(file, e);
        }
    }

    private FolderInfo info(FolderPath path, MaildirFolder folder) {
        String raw = layout.rawName(folder);
        return folder.state().map(s -> s.toFolderInfo(raw))
                .orElseGet(() -> new FolderInfo(path, raw, '.', Optional.empty(), Set.of()));
    }
}
