package org.mailferry.imap;

import org.mailferry.store.MessageMeta;

/** Metadata of one message from a {@code UID FETCH (UID RFC822.SIZE FLAGS INTERNALDATE)}. */
record FetchedMeta(MessageMeta meta) {

    long uid() {
        return meta.uid();
    }

    long size() {
        return meta.size();
    }
}
