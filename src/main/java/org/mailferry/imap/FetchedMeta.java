package org.mailferry.imap;

import java.time.Instant;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;

/**
 * Metadata of one message from a {@code UID FETCH (UID RFC822.SIZE FLAGS INTERNALDATE)}; or, with
 * a {@code problem}, a message the server lists but whose metadata it did not give (no
 * RFC822.SIZE, no answer at all): it cannot be fetched safely and is reported, never passed over.
 */
record FetchedMeta(MessageMeta meta, String problem) {

    FetchedMeta(MessageMeta meta) {
        this(meta, null);
    }

    /** A message that exists on the server but cannot be fetched, for this reason. */
    static FetchedMeta unreadable(long uid, String problem) {
        return new FetchedMeta(new MessageMeta(uid, 0, Instant.EPOCH, MessageFlags.NONE), problem);
    }

    long uid() {
        return meta.uid();
    }

    long size() {
        return meta.size();
    }
}
