package org.mailferry.job;

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
 */
public record CopyOptions(int connections, int chunkSize, RateLimit rateLimit, boolean mirror,
                          java.time.Duration keepDeletedFor) {

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
