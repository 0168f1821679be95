package org.mailferry.job;

import org.mailferry.store.MessageRange;

/**
 * How a copy runs, besides what and where.
 *
 * @param connections folders copied in parallel, each over its own connection
 * @param chunkSize   messages per commit
 * @param rateLimit   the user's limits for the account (messages and bytes per second)
 * @param mirror      delete from the target what was deleted from the source (migrate
 *                    {@code --delete-extra-on-target})
 * @param keepDeletedFor retention of an archive: remove what left the source this long ago
 *                    ({@code backup --keep-deleted-for}); null keeps everything
 * @param resync      an IMAP target's ledger is not trusted: each folder is matched message by
 *                    message and what it lacks is sent again ({@code --resync})
 * @param filter      which source messages are copied ({@code backup --since}, ...; recorded in
 *                    the archive so that a later run fills in what it left out)
 */
public record CopyOptions(int connections, int chunkSize, RateLimit rateLimit, boolean mirror,
                          java.time.Duration keepDeletedFor, boolean resync, MessageRange filter) {

    public CopyOptions(int connections, int chunkSize, RateLimit rateLimit, boolean mirror,
                       java.time.Duration keepDeletedFor, boolean resync) {
        this(connections, chunkSize, rateLimit, mirror, keepDeletedFor, resync, MessageRange.ALL);
    }

    public CopyOptions(int connections, int chunkSize, RateLimit rateLimit, boolean mirror,
                       java.time.Duration keepDeletedFor) {
        this(connections, chunkSize, rateLimit, mirror, keepDeletedFor, false);
    }

    public CopyOptions withResync(boolean resync) {
        return new CopyOptions(connections, chunkSize, rateLimit, mirror, keepDeletedFor, resync, filter);
    }

    public CopyOptions withFilter(MessageRange f) {
        return new CopyOptions(connections, chunkSize, rateLimit, mirror, keepDeletedFor, resync, f);
    }

    public static CopyOptions of(int connections, int chunkSize) {
        return new CopyOptions(connections, chunkSize, RateLimit.NONE, false, null);
    }

    /** Whether the reader must look for messages gone from the source. */
    public boolean removesGone() {
        return mirror || keepDeletedFor != null;
    }

    /** How long a gone message stays: ZERO in mirror mode. */
    public java.time.Duration keepGoneFor() {
        return mirror ? java.time.Duration.ZERO : keepDeletedFor;
    }
}
