package org.mailferry.mbox;

import java.time.Instant;
import org.mailferry.store.MessageFlags;

/**
 * One message of an mbox as its index records it (format: {@code package-info}).
 *
 * @param uid          the source UID
 * @param offset       byte offset of the message's {@code From } line in the mbox
 * @param length       bytes from that line through the blank separator line
 * @param size         bytes of the original message, what a reader restores
 * @param crlf         the original had CRLF line endings throughout, stored as LF
 * @param internalDate INTERNALDATE
 * @param flags        current flags and keywords, after replaying the index's flag updates
 * @param sha256       lower-case hex SHA-256 of the original bytes
 * @param dateSubstituted the source's INTERNALDATE was unreadable: {@code internalDate} stands in for it
 */
public record MboxEntry(long uid, long offset, long length, long size, boolean crlf, Instant internalDate,
                        MessageFlags flags, String sha256, boolean dateSubstituted) {

    public MboxEntry(long uid, long offset, long length, long size, boolean crlf, Instant internalDate,
                     MessageFlags flags, String sha256) {
        this(uid, offset, length, size, crlf, internalDate, flags, sha256, false);
    }

    /** Byte offset just after this entry: where the next one starts. */
    public long end() {
        return offset + length;
    }

    MboxEntry withFlags(MessageFlags newFlags) {
        return new MboxEntry(uid, offset, length, size, crlf, internalDate, newFlags, sha256, dateSubstituted);
    }
}
