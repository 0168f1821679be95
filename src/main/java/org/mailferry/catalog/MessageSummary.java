package org.mailferry.catalog;

import java.time.Instant;
import java.util.List;

/**
 * One archived message as {@code ls} and {@code search} list it.
 *
 * @param folder       the folder's name as the source had it
 * @param uid          the source UID the archive keeps it under ({@code restore --uid FOLDER:UID})
 * @param internalDate when the server received it
 * @param flags        IMAP flags and keywords
 */
public record MessageSummary(String folder, long uid, Instant internalDate, long size, List<String> flags,
                             String from, String to, String subject, String messageId) {
}
