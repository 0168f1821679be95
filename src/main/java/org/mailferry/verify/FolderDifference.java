package org.mailferry.verify;

import java.util.List;

/**
 * How one folder of the archive differs from the live mailbox, by UID.
 *
 * @param folder             the folder's display path
 * @param onServer           messages on the server
 * @param inArchive          messages in the archive
 * @param missingFromArchive UIDs on the server that the archive lacks (new since the last backup)
 * @param goneFromServer     UIDs the archive holds that the server no longer has (deleted there)
 * @param sizeDiffers        UIDs whose RFC822.SIZE differs from the archived size
 * @param flagsDiffer        messages whose flags or keywords differ
 * @param note               why the folder could not be compared by UID, or null
 */
public record FolderDifference(String folder, long onServer, long inArchive, List<Long> missingFromArchive,
                               List<Long> goneFromServer, List<Long> sizeDiffers, List<FlagDifference> flagsDiffer,
                               String note) {

    /** One message's flags in the archive and on the server (IMAP names, space separated). */
    public record FlagDifference(long uid, String archive, String server) {
    }

    public FolderDifference {
        missingFromArchive = List.copyOf(missingFromArchive);
        goneFromServer = List.copyOf(goneFromServer);
        sizeDiffers = List.copyOf(sizeDiffers);
        flagsDiffer = List.copyOf(flagsDiffer);
    }

    public boolean same() {
        return note == null && missingFromArchive.isEmpty() && goneFromServer.isEmpty() && sizeDiffers.isEmpty()
                && flagsDiffer.isEmpty();
    }
}
