package org.mailferry.archive;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.Store;
import org.mailferry.store.SyncState;

/**
 * A store that is an archive on disk (Maildir or mbox): besides copying, it can say what it holds
 * without reading messages, and re-read a folder to find damage. Thread-safe like every store.
 */
public interface ArchiveStore extends Store {

    /** The archive's root directory. */
    Path root();

    /**
     * A token that changes whenever {@code folder}'s messages or their flags change (Maildir: the
     * modification times of {@code cur/} and {@code new/}; mbox: size and time of its index and
     * data), read without listing anything: a cache of the folder taken under one token is whole
     * while the token stays. Empty when the store cannot tell (then every read lists the folder).
     */
    default java.util.Optional<String> changeToken(org.mailferry.store.FolderInfo folder) {
        return java.util.Optional.empty();
    }

    /** Every folder with what it holds, from indexes and names only, sorted by path. */
    List<FolderContents> contents();

    /**
     * Every folder as the manifest lists it (count, bytes, last UID), sorted by path. Must agree
     * with {@link #contents()}; a store may answer it more cheaply (Maildir: from file names).
     */
    default List<ManifestFolder> manifestFolders() {
        return contents().stream().map(ManifestFolder::of).toList();
    }

    /** From the manifest the last run wrote (empty when there is none or it cannot be read). */
    @Override
    default Map<FolderPath, SyncState> heldStates() {
        try {
            Map<FolderPath, SyncState> held = new HashMap<>();
            ArchiveManifest.read(root()).ifPresent(m -> m.folders().forEach(f -> held.put(f.path(),
                    new SyncState(f.uidValidity(), f.lastUid(), 0))));
            return held;
        } catch (MailferryException e) {
            return Map.of(); // the run itself says what is wrong with the archive
        }
    }

    /**
     * Re-reads every message of {@code folder} and checks it against its index: sizes, SHA-256,
     * separators, file names, stray bytes. Reports damage instead of throwing; throws only when
     * the folder cannot be read at all.
     */
    FolderCheck check(FolderInfo folder);

    /**
     * Deletes the files of an emptied folder (retention of a folder gone from the source); its
     * subfolders stay. INBOX is never removed. Needs the archive opened for writing.
     */
    void removeFolder(FolderPath folder);
}
