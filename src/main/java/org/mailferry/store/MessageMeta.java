package org.mailferry.store;

import java.time.Instant;

/**
 * What a store knows of a message besides its bytes.
 *
 * @param uid          the source UID (IMAP) or the UID recorded in the archive
 * @param size         RFC822.SIZE as the source reported it
 * @param internalDate INTERNALDATE (the instant; IMAP servers and Angus do not keep a zone reliably)
 * @param flags        system flags and keywords
 * @param dateSubstituted the server's INTERNALDATE could not be read: {@code internalDate} is the
 *                     message's Date: header, else the time of the backup
 */
public record MessageMeta(long uid, long size, Instant internalDate, MessageFlags flags, boolean dateSubstituted) {

    public MessageMeta(long uid, long size, Instant internalDate, MessageFlags flags) {
        this(uid, size, internalDate, flags, false);
    }
}
