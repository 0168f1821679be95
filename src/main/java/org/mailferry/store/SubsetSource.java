package org.mailferry.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A folder seen as some of another folder's messages: a Gmail label restored as a folder is the
 * All Mail messages that carry it. Same UIDs and UIDVALIDITY as the folder it shows; no
 * HIGHESTMODSEQ (every flag is reported). Not thread-safe, as its delegate.
 */
public final class SubsetSource implements FolderSource {

    private final FolderInfo info;
    private final FolderSource all;
    private final long[] uids;

    /** @param uids the UIDs of {@code all} this folder holds, ascending */
    public SubsetSource(FolderInfo info, FolderSource all, long[] uids) {
        this.info = info;
        this.all = all;
        this.uids = uids.clone();
        Arrays.sort(this.uids);
    }

    @Override
    public FolderInfo folder() {
        return info;
    }

    @Override
    public long uidValidity() {
        return all.uidValidity();
    }

    @Override
    public long highestModSeq() {
        return 0;
    }

    @Override
    public MessageCursor messagesAfter(long afterUid) {
        return all.messages(Arrays.stream(uids).filter(u -> u > afterUid).toArray());
    }

    @Override
    public MessageCursor messages(long[] wanted) {
        return all.messages(Arrays.stream(wanted).filter(u -> Arrays.binarySearch(uids, u) >= 0).toArray());
    }

    @Override
    public void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink) {
        all.flagsThrough(throughUid, 0, c -> {
            if (Arrays.binarySearch(uids, c.uid()) >= 0) {
                sink.accept(c);
            }
        });
    }

    @Override
    public void close() {
        all.close();
    }
}
