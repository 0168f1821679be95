package org.mailferry.mbox;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;

/**
 * The messages of an mbox in index order (ascending UID), each streaming its bytes from the mbox
 * when opened. Never fails per message: damage shows when content is read. Not thread-safe.
 */
final class MboxMessageCursor implements MessageCursor {

    private final long uidValidity;
    private final Path mbox;
    private final Iterator<MboxEntry> entries;
    private final long count;
    private final long bytes;

    MboxMessageCursor(long uidValidity, Path mbox, Collection<MboxEntry> entries) {
        this.uidValidity = uidValidity;
        this.mbox = mbox;
        this.entries = entries.iterator();
        this.count = entries.size();
        this.bytes = entries.stream().mapToLong(MboxEntry::size).sum();
    }

    @Override
    public long expectedCount() {
        return count;
    }

    @Override
    public long expectedBytes() {
        return bytes;
    }

    @Override
    public SourceMessage next() {
        if (!entries.hasNext()) {
            return null;
        }
        MboxEntry e = entries.next();
        return new SourceMessage(uidValidity, new MessageMeta(e.uid(), e.size(), e.internalDate(), e.flags()),
                new MboxEntryContent(mbox, e));
    }

    @Override
    public void close() {
        // nothing is open between messages
    }
}
