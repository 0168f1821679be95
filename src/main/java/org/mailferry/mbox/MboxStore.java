package org.mailferry.mbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchiveLock;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.archive.Compression;
import org.mailferry.archive.FolderCheck;
import org.mailferry.archive.FolderContents;
import org.mailferry.archive.HeldMessage;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.util.PrivateFiles;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;

/**
 * An mbox archive ({@code mbox:DIR}): one mboxrd file per folder, plain or compressed, with a
 * sidecar index and a state file (format: {@code package-info}). Opened for writing, it holds the
 * archive's {@link ArchiveLock} until {@link #close()}, a folder has at most one open sink at a
 * time, and new folders get the compression it was opened with (existing ones keep theirs).
 * Thread-safe: partitions open their sources and sinks concurrently.
 */
public final class MboxStore implements ArchiveStore {

    private final Path root;
    private final MboxLayout layout;
    private final ArchiveLock lock;
    private final Compression compression;
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    private MboxStore(Path root, ArchiveLock lock, Compression compression) {
        this.root = root;
        this.layout = new MboxLayout(root);
        this.lock = lock;
        this.compression = compression;
    }

    /** {@link #open(Path, boolean, Compression)} with uncompressed new folders. */
    public static MboxStore open(Path root, boolean forWriting) {
        return open(root, forWriting, Compression.NONE);
    }

    /**
     * Opens the archive at {@code root}. For writing, creates the directory (0700) if needed and
     * locks it (failing with exit code BUSY while another run holds it), and new folders are
     * written with {@code compression}; for reading, it must exist and each folder is read with
     * the compression its index records.
     */
    public static MboxStore open(Path root, boolean forWriting, Compression compression) {
        Path dir = root.toAbsolutePath().normalize();
        if (forWriting) {
            return new MboxStore(dir, ArchiveLock.acquire(dir), compression);
        }
        if (!Files.isDirectory(dir)) {
            throw MailferryException.store(ExitCode.USAGE, "no mbox archive at " + dir + ": the directory does not exist", null);
        }
        return new MboxStore(dir, null, compression);
    }


    private final org.mailferry.archive.LabelViewing labels = new org.mailferry.archive.LabelViewing();

    /** Gmail labels are read as this run's plan says ({@link org.mailferry.archive.LabelViewing}); default: as stored. */
    public MboxStore withLabels(org.mailferry.store.LabelPlan plan) {
        labels.plan(plan);
        return this;
    }

    @Override
    public String describe() {
        return "mbox:" + root;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public List<FolderInfo> listFolders() {
        return labels.folders(layout.list(), this::gmailIndex);
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
            MboxFiles files = filesOf(folder);
            StringBuilder token = new StringBuilder();
            for (Path file : List.of(files.index(), files.data(Compression.NONE), files.data(Compression.ZSTD),
                    files.data(Compression.GZIP), files.data(Compression.XZ))) {
                if (java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    var a = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    token.append(file.getFileName()).append(':').append(a.size()).append(':')
                            .append(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)).append(';');
                }
            }
            return java.util.Optional.of(token.toString());
        } catch (java.io.IOException | MailferryException e) {
            return java.util.Optional.empty();
        }
    }

    private org.mailferry.archive.GmailIndex gmailIndex(FolderInfo folder) {
        return org.mailferry.archive.GmailIndex.load(filesOf(folder).gmail());
    }

    private FolderSource physicalSource(FolderInfo folder) {
        MboxFiles files = filesOf(folder);
        if (MboxCompaction.pending(files)) {
            throw MailferryException.archive("folder " + folder.path() + " of " + root + " was being rewritten when a"
                    + " run stopped; run the backup again to finish it before reading the archive", null);
        }
        return ArchivedFolder.read(files.state())
                .map(state -> new MboxFolderSource(state.toFolderInfo(layout.rawName(files.mbox())),
                        state.uidValidity(), files))
                .orElseGet(() -> new MboxFolderSource(folder, 0, files));
    }

    @Override
    public FolderSink openSink(FolderInfo source, FolderPath target) {
        if (lock == null) {
            throw new IllegalStateException("the archive " + root + " was opened read-only");
        }
        ArchivedFolder initialState = ArchivedFolder.fresh(source, target);
        MboxFiles files = layout.claim(target, initialState);
        if (!writing.add(files.mbox())) {
            throw MailferryException.folder("folder \"" + target + "\" of " + describe()
                    + " is already being written: two source folders cannot share one archive folder", null);
        }
        try {
            return MboxFolderSink.open(layout, files, initialState, compression, () -> writing.remove(files.mbox()));
        } catch (RuntimeException e) {
            writing.remove(files.mbox());
            throw e;
        }
    }

    @Override
    public List<FolderContents> contents() {
        List<FolderContents> all = new ArrayList<>();
        for (FolderInfo f : layout.list()) {
            all.add(contentsOf(f, filesOf(f)));
        }
        return all;
    }

    @Override
    public FolderCheck check(FolderInfo folder) {
        MboxFiles files = filesOf(folder);
        try {
            return MboxFolderCheck.run(files, contentsOf(folder, files));
        } catch (IOException e) {
            throw ArchiveErrors.read(files.mbox(), e);
        }
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public void removeFolder(FolderPath path) {
        layout.find(path).ifPresent(files -> {
            try {
                for (Compression c : Compression.values()) {
                    Files.deleteIfExists(files.data(c));
                }
                Files.deleteIfExists(files.index());
                Files.deleteIfExists(files.gone());
                Files.deleteIfExists(files.skipped());
                Files.deleteIfExists(files.state());
                PrivateFiles.fsyncDirectory(files.mbox().getParent());
            } catch (IOException e) {
                throw ArchiveErrors.write(files.mbox(), e);
            }
        });
    }

    private MboxFiles filesOf(FolderInfo folder) {
        return layout.find(folder.path()).orElseThrow(() -> MailferryException.folder(
                "folder \"" + folder.path() + "\" is not in the archive " + root, null));
    }

    private FolderContents contentsOf(FolderInfo folder, MboxFiles files) {
        MboxIndex index = MboxIndex.read(files);
        List<HeldMessage> held = new ArrayList<>(index.entries().size());
        for (MboxEntry e : index.entries()) {
            held.add(new HeldMessage(e.uid(), e.size(), e.flags(), e.sha256()));
        }
        ArchivedFolder state = ArchivedFolder.read(files.state()).orElse(null);
        return new FolderContents(folder, layout.rawName(files.data(index.compression())), layout.rawName(files.index()),
                index.compression().id(), state == null ? 0 : state.uidValidity(),
                state == null ? 0 : state.retiredUidValidity(), held, state == null ? null : state.sourceName());
    }
}
