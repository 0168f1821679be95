package org.mailferry.job;

/**
 * How a copy runs, besides what and where.
 *
 * @param connections folders copied in parallel, each over its own connection
 * @param chunkSize   messages per commit
 * @param rateLimit   the user's limits for the account (messages and bytes per second)
 * @param mirror      delete from the target what was deleted from the source (migrate
 *                    {@code --delete-extra-on-target}); never for archives
 */
public record CopyOptions(int connections, int chunkSize, RateLimit rateLimit, boolean mirror) {

    public static CopyOptions of(int connections, int chunkSize) {
        return new CopyOptions(connections, chunkSize, RateLimit.NONE, false);
    }
}
