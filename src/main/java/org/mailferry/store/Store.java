package org.mailferry.store;

import java.util.List;

/**
 * A place mail lives: an IMAP account, a Maildir tree, an mbox directory. Jobs only ever talk to
 * this interface (isync's driver model). Thread-safe: partitions open their own folder sources
 * and sinks concurrently.
 */
public interface Store extends AutoCloseable {

    /** The store's URI without secrets, for logs, reports and job parameters. */
    String describe();

    /** Every selectable folder (IMAP: LIST without \Noselect), sorted by path. */
    List<FolderInfo> listFolders();

    FolderSource openSource(FolderInfo folder);

    /** The folder's status without opening it, when the store can tell cheaply (IMAP STATUS). */
    default java.util.Optional<FolderStatus> status(FolderInfo folder) {
        return java.util.Optional.empty();
    }

    /**
     * What this store holds, by folder, as cheaply known without opening anything (an archive's
     * manifest, written at the end of each run): possibly behind the truth, for estimates only.
     * Empty when the store cannot tell.
     */
    default java.util.Map<FolderPath, SyncState> heldStates() {
        return java.util.Map.of();
    }

    /**
     * Opens (creating if needed) the folder {@code target} to hold messages of {@code source}.
     */
    FolderSink openSink(FolderInfo source, FolderPath target);

    /**
     * Where messages in flight towards this store should be spooled (on the same file system as
     * the archive, so a sink can rename instead of copy); empty to use the default spool.
     */
    default java.util.Optional<java.nio.file.Path> spoolDirectory() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
