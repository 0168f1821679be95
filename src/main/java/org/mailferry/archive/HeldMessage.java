package org.mailferry.archive;

import org.mailferry.store.MessageFlags;

/**
 * One message an archive folder holds, as its index or file name records it (no byte is read).
 *
 * @param uid    the source UID
 * @param size   bytes of the original message
 * @param flags  current flags and keywords
 * @param sha256 lower-case hex SHA-256 of the original bytes, {@code null} when none was recorded
 */
public record HeldMessage(long uid, long size, MessageFlags flags, String sha256) {
}
