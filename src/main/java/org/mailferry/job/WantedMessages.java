package org.mailferry.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SkippedMessage;
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
        int damaged = 0, damagedBack = 0, damagedLost = 0, retried = 0, retriedBack = 0, retriedLost = 0;
        for (long uid : copy.wanted()) {
            SkippedMessage before = copy.skippedBefore(uid);
            boolean back = fetched.contains(uid);
            boolean gone = !back && !copy.wasUnreadable(uid);
            if (gone) {
                lost.add(uid);
                copy.tally().skipped(uid, before == null ? "lost: missing or damaged in the archive and no longer on the server"
                        : "lost: skipped before (" + before.reason() + ") and no longer on the source");
            }
            if (before == null) {
                damaged++;
                damagedBack += back ? 1 : 0;
                damagedLost += gone ? 1 : 0;
            } else {
                retried++;
                retriedBack += back ? 1 : 0;
                retriedLost += gone ? 1 : 0;
            }
        }
        if (damaged > 0) {
            copy.tally().note("re-fetched " + damagedBack + " damaged or missing messages"
                    + (damagedLost == 0 ? "" : "; " + damagedLost + " of them are no longer on the server"));
        }
        if (retried > 0) {
            copy.tally().note("tried again " + retried + " messages skipped by earlier runs: " + retriedBack
                    + " read from the source" + (retriedLost == 0 ? "" : ", " + retriedLost + " no longer on it"));
        }
        copy.sink().lost(lost);
    }
}
