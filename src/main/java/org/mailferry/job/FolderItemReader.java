package org.mailferry.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.FlagChange;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads one folder for its partition: first the current flags of messages the sink already
 * holds (all of them, or only those changed since the last pass with CONDSTORE), then the
 * messages above the start UID in ascending order. A message that cannot be read is recorded as
 * skipped and reading goes on. Its position lives in {@link FolderCopy}. Step-scoped.
 */
public class FolderItemReader implements ItemReader<FolderItem> {

    private final FolderCopy copy;
    private Deque<FlagChange> flags;
    private MessageCursor cursor;

    public FolderItemReader(FolderCopy copy) {
        this.copy = copy;
    }

    @Override
    public FolderItem read() {
        if (copy.unchanged()) {
            return null;
        }
        if (!copy.flagsDone()) {
            if (flags == null) {
                List<FlagChange> all = new ArrayList<>();
                copy.source().flagsThrough(copy.heldUid(), copy.flagsSince(), all::add);
                flags = new ArrayDeque<>(all);
            }
            FlagChange c = flags.poll();
            if (c != null) {
                return new FolderItem.FlagUpdate(c);
            }
            copy.flagsDone(true);
            flags = null;
        }
        if (cursor == null) {
            cursor = copy.source().messagesAfter(copy.startUid());
            copy.channel().progress().folderStarted(copy.name(), cursor.expectedCount());
        }
        while (true) {
            try {
                SourceMessage m = cursor.next();
                if (m == null) {
                    return null;
                }
                copy.handedOut(m.uid());
                return new FolderItem.NewMessage(m);
            } catch (MessageFailure f) {
                copy.tally().skipped(f.uid(), f.getMessage());
            }
        }
    }
}
