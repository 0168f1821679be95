package org.mailferry.mbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mailferry.archive.ArchiveLock;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.Store;

/**
 * An mbox archive ({@code mbox:DIR}): one mboxrd file per folder with a sidecar index and a
 * state file (format: {@code package-info}). Opened for writing, it holds the archive's
 * {@link ArchiveLock} until {@link #close()}, and a folder has at most one open sink at a time.
 * Thread-safe: partitions open their sources and sinks concurrently.
 */
public final class MboxStore implements Store {

    private final Path root;
    private final MboxLayout layout;
    private final ArchiveLock lock;
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    private MboxStore(Path root, ArchiveLock lock) {
        this.root = root;
        this.layout = new MboxLayout(root);
        this.lock = lock;
    }

    /**
     * Opens the archive at {@code root}. For writing, creates the directory (0700) if needed and
     * locks it (failing with exit code BUSY while another run holds it); for reading, it must exist.
     */
    public static MboxStore open(Path root, boolean forWriting) {
        Path dir = root.toAbsolutePath().normalize();
        if (forWriting) {
            return new MboxStore(dir, ArchiveLock.acquire(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw MailferryException.archive("no mbox archive at " + dir + ": the directory does not exist", null);
        }
        return new MboxStore(dir, null);
    }

    @Override
    public String describe() {
        return "mbox:" + root;
    }

    @Override
    public List<FolderInfo> listFolders() {
        return layout.list();
    }

    @Override
    public FolderSource openSource(FolderInfo folder) {
        MboxFiles files = layout.find(folder.path()).orElseThrow(() -> MailferryException.folder(
                "folder \"" + folder.path() + "\" is not in the archive " + root, null));
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
            return MboxFolderSink.open(layout, files, initialState, () -> writing.remove(files.mbox()));
        } catch (RuntimeException e) {
            writing.remove(files.mbox());
            throw e;
        }
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }
}
