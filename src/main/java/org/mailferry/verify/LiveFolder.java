package org.mailferry.verify;

import java.util.List;
import org.mailferry.archive.HeldMessage;
import org.mailferry.store.FolderPath;

/**
 * One folder of a live mailbox as a metadata FETCH shows it: no body is read.
 *
 * @param path        the folder
 * @param uidValidity its UIDVALIDITY
 * @param messages    UID, RFC822.SIZE and flags of each message, ascending UID (no SHA-256)
 */
public record LiveFolder(FolderPath path, long uidValidity, List<HeldMessage> messages) {

    public LiveFolder {
        messages = List.copyOf(messages);
    }
}
