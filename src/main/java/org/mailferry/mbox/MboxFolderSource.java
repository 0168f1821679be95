package org.mailferry.mbox;

import java.util.function.Consumer;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;

/**
 * Reads one archived folder for restoring (format: {@code package-info}), plain or compressed.
 * Opening replays the index read-only ({@link MboxIndex#read}): messages come in ascending UID
 * order with their flags after every flag update, their INTERNALDATE, and their exact original
 * bytes streamed from the mbox; a damaged message is reported by the cursor and skipped, the
 * others still come. UIDVALIDITY comes from the state file (0 without one); there is no
 * HIGHESTMODSEQ, so {@link #flagsThrough} always reports every message. Holds no file open
 * between calls; not thread-safe.
 */
final class MboxFolderSource implements FolderSource {

    private final FolderInfo folder;
    private final long uidValidity;
    private final MboxIndex index;
    private final MboxData data;
    private final org.mailferry.archive.GmailIndex gmail;

    MboxFolderSource(FolderInfo folder, long uidValidity, MboxFiles files) {
        this.folder = folder;
        this.uidValidity = uidValidity;
        this.index = MboxIndex.read(files);
        this.data = new MboxData(files.data(index.compression()), index);
        this.gmail = org.mailferry.archive.GmailIndex.load(files.gmail());
    }

    /** The folder's Gmail fields by UID (empty unless it was backed up from Gmail). */
    org.mailferry.archive.GmailIndex gmail() {
        return gmail;
    }

    @Override
    public FolderInfo folder() {
        return folder;
    }

    @Override
    public long uidValidity() {
        return uidValidity;
    }

    @Override
    public long highestModSeq() {
        return 0;
    }

    @Override
    public MessageCursor messagesAfter(long afterUid) {
        return new MboxMessageCursor(uidValidity, data, index.entriesAfter(afterUid), gmail, true);
    }

    @Override
    public MessageCursor listingAfter(long afterUid) {
        return new MboxMessageCursor(uidValidity, data, index.entriesAfter(afterUid), gmail, false);
    }

    @Override
    public void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink) {
        for (MboxEntry e : index.entries()) {
            if (e.uid() > throughUid) {
                return;
            }
            sink.accept(new FlagChange(e.uid(), e.flags(), gmail.get(e.uid())));
        }
    }

    @Override
    public void close() {
        // the index is in memory; each message's content opens its own channel
    }
}
