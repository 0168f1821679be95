package org.mailferry.archive;

import java.util.List;
import org.mailferry.store.FolderInfo;

/**
 * What one archive folder holds, read from its index, state file and file names (no message is
 * read): the input of the manifest and of comparisons with a live mailbox.
 *
 * @param folder             the folder as the archive lists it
 * @param location           its data file or directory, relative to the archive root
 * @param index              the file holding each message's SHA-256, relative to the archive root
 * @param compression        how its data is compressed ({@link Compression#id()})
 * @param uidValidity        the source UIDVALIDITY the UIDs belong to, 0 when unknown
 * @param retiredUidValidity for a generation set aside after a UIDVALIDITY change, its old value; else 0
 * @param messages           the messages in ascending UID order
 * @param sourceName         the exact name the source server listed (its state file's {@code sourceName}), or null
 */
public record FolderContents(FolderInfo folder, String location, String index, String compression, long uidValidity,
                             long retiredUidValidity, List<HeldMessage> messages, String sourceName) {

    public FolderContents {
        messages = List.copyOf(messages);
    }

    public long bytes() {
        return messages.stream().mapToLong(HeldMessage::size).sum();
    }

    /** The highest UID held, 0 when none. */
    public long lastUid() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
    }
}
