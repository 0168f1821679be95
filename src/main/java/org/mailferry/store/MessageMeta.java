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
 * @param gmail        X-GM-MSGID, X-GM-THRID and X-GM-LABELS when the source is Gmail (X-GM-EXT-1), else null
 */
public record MessageMeta(long uid, long size, Instant internalDate, MessageFlags flags, boolean dateSubstituted,
                          GmailMeta gmail) {

    public MessageMeta(long uid, long size, Instant internalDate, MessageFlags flags, boolean dateSubstituted) {
        this(uid, size, internalDate, flags, dateSubstituted, null);
    }

    /** The same metadata with Gmail's fields. */
    public MessageMeta withGmail(GmailMeta g) {
        return new MessageMeta(uid, size, internalDate, flags, dateSubstituted, g);
    }

    public MessageMeta(long uid, long size, Instant internalDate, MessageFlags flags) {
        this(uid, size, internalDate, flags, false);
    }
}
