package org.mailferry.verify;

import java.util.List;
import org.mailferry.imap.FolderInventory;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.imap.ImapEndpoint;
import org.mailferry.imap.ImapStore;
import org.mailferry.store.FolderInfo;

/**
 * A live mailbox read for comparison through the IMAP store, without changing anything: folders
 * are EXAMINEd (read-only) and read with one metadata FETCH each (UID, size, flags); no body is
 * fetched. Reconnects, backoff and error translation are the store's. Not thread-safe.
 */
final class LiveMailbox implements AutoCloseable {

    private final ImapStore store;

    private LiveMailbox(ImapStore store) {
        this.store = store;
    }

    static LiveMailbox open(ImapEndpoint endpoint) {
        // no spooler and no ledger: this store only lists folders and reads their inventory
        return new LiveMailbox(new ImapStore(endpoint, null, null, 0, HostConnectionLimit.NONE));
    }

    String describe() {
        return store.describe();
    }

    List<FolderInfo> folders() {
        return store.listFolders();
    }

    LiveFolder read(FolderInfo info) {
        FolderInventory inventory = store.inventory(info);
        return new LiveFolder(info.path(), inventory.uidValidity(), inventory.messages());
    }

    @Override
    public void close() {
        store.close();
    }
}
