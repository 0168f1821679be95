package org.mailferry.verify;

import java.util.List;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.imap.ImapEndpoint;

/**
 * How an archive differs from the live mailbox it was copied from.
 *
 * @param mailbox the mailbox's URI, without secrets
 * @param folders one entry per folder on either side, sorted by path
 */
public record LiveReport(String mailbox, List<FolderDifference> folders) {

    public LiveReport {
        folders = List.copyOf(folders);
    }

    /** Logs in to {@code endpoint} and compares every folder with {@code archive}, from metadata only. */
    public static LiveReport compare(ArchiveStore archive, ImapEndpoint endpoint) {
        try (LiveMailbox live = LiveMailbox.open(endpoint)) {
            return new LiveReport(live.describe(), MailboxComparison.compare(archive.contents(), live));
        }
    }

    public boolean same() {
        return folders.stream().allMatch(FolderDifference::same);
    }
}
