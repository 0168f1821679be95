package org.mailferry.store;

import java.util.Arrays;
import org.mailferry.error.MessageFailure;

/**
 * The messages of a cursor whose UIDs are in a given set; the others are closed unread. Ends
 * once the highest UID asked for is passed. Not thread-safe.
 */
final class SelectedMessages implements MessageCursor {

    private final MessageCursor all;
    private final long[] uids;

    /** {@code uids} ascending. */
    SelectedMessages(MessageCursor all, long[] uids) {
        this.all = all;
        this.uids = uids;
    }

    @Override
    public long expectedCount() {
        return uids.length;
    }

    @Override
    public long expectedBytes() {
        return -1;
    }

    @Override
    public SourceMessage next() {
        if (uids.length == 0) {
            return null;
        }
        long highest = uids[uids.length - 1];
        while (true) {
            SourceMessage m;
            try {
                m = all.next();
            } catch (MessageFailure f) {
                if (selected(f.uid())) {
                    throw f;
                }
                continue; // a message not asked for: none of our business
            }
            if (m == null || selected(m.uid())) {
                return m;
            }
            m.close();
            if (m.uid() > highest) {
                return null;
            }
        }
    }

    private boolean selected(long uid) {
        return Arrays.binarySearch(uids, uid) >= 0;
    }

    @Override
    public void close() {
        all.close();
    }
}
