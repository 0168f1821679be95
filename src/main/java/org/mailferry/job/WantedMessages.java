package org.mailferry.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;

/**
 * The messages a folder's sink lost and wants again ({@link FolderCopy#wanted()}), fetched from
 * the source by UID before the new ones. At the end it notes how many came back; those the
 * source no longer has are reported as skipped ("lost") and the sink stops wanting them (one the
 * source has but still cannot deliver is reported by the reader and stays wanted).
 * Thread-confined to its partition's reader.
 */
final class WantedMessages {

    /** Reads the next message of a cursor the way the folder's reader does. */
    interface Next {
        SourceMessage from(MessageCursor cursor) throws InterruptedException;
    }

    private final FolderCopy copy;
    private final Set<Long> fetched = new HashSet<>();
    private MessageCursor cursor;
    private boolean done;

    WantedMessages(FolderCopy copy) {
        this.copy = copy;
        this.done = copy.wanted().length == 0;
    }

    /** The next wanted message, or null when there is none (left). */
    SourceMessage next(Next next) throws InterruptedException {
        if (done) {
            return null;
        }
        if (cursor == null) {
            cursor = copy.source().messages(copy.wanted());
        }
        SourceMessage m = next.from(cursor);
        if (m != null) {
            fetched.add(m.uid());
            return m;
        }
        finish();
        return null;
    }

    private void finish() {
        done = true;
        cursor.close();
        List<Long> lost = new ArrayList<>();
        for (long uid : copy.wanted()) {
            if (!fetched.contains(uid) && !copy.wasUnreadable(uid)) {
                lost.add(uid);
                copy.tally().skipped(uid, "lost: missing or damaged in the archive and no longer on the server");
            }
        }
        copy.tally().note("re-fetched " + fetched.size() + " damaged or missing messages"
                + (lost.isEmpty() ? "" : "; " + lost.size() + " of them are no longer on the server"));
        copy.sink().lost(lost);
    }
}
