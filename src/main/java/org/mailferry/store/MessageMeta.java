package org.mailferry.store;

import java.time.Instant;

/**
 * What a store knows of a message besides its bytes.
 *
 * @param uid          the source UID (IMAP) or the UID recorded in the archive
 * @param size         RFC822.SIZE as the source reported it
 * @param internalDate INTERNALDATE (the instant; IMAP servers and Angus do not keep a zone reliably)
 * @param flags        system flags and keywords
 */
public record MessageMeta(long uid, long size, Instant internalDate, MessageFlags flags) {
}
