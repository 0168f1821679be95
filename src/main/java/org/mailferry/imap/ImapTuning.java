package org.mailferry.imap;

import java.time.Duration;

/**
 * Knobs of the IMAP client. Defaults suit a server over the internet; tests shorten the waits.
 *
 * @param connectTimeout   TCP connect timeout
 * @param readTimeout      time without a byte from the server before the link counts as dead
 * @param metaPage         UIDs per metadata FETCH
 * @param batchBytes       upper bound of bodies fetched by one UID FETCH
 * @param batchMessages    upper bound of messages fetched by one UID FETCH
 * @param partialFetchSize piece size when streaming a large message ({@code BODY.PEEK[]<o.n>})
 * @param backoff          how reconnects after a drop or throttle wait
 * @param connections      connections a run may keep busy on one account ({@code --connections}):
 *                         those its folders leave idle fetch ahead for a big folder ({@link FetchLanes})
 * @param minBytesPerSecond a server sending an answer slower than this for {@code stallWindow} counts as a
 *                         dropped connection ({@link GuardedInputStream}); a zero window turns the check off
 * @param stallWindow      how long the transfer rate is measured over
 */
public record ImapTuning(Duration connectTimeout, Duration readTimeout, int metaPage, long batchBytes,
                         int batchMessages, int partialFetchSize, Backoff backoff, int connections,
                         long minBytesPerSecond, Duration stallWindow) {

    /** Default of {@code --timeout}: a connection silent this long is dead. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public static final ImapTuning DEFAULT = new ImapTuning(Duration.ofSeconds(30), DEFAULT_READ_TIMEOUT, 1000,
            4L << 20, 500, 1 << 20, Backoff.DEFAULT, 1);

    /** With the default minimum rate: 1 KiB/s over 30 s. */
    public ImapTuning(Duration connectTimeout, Duration readTimeout, int metaPage, long batchBytes, int batchMessages,
                      int partialFetchSize, Backoff backoff, int connections) {
        this(connectTimeout, readTimeout, metaPage, batchBytes, batchMessages, partialFetchSize, backoff, connections,
                1024, Duration.ofSeconds(30));
    }

    public ImapTuning withBackoff(Backoff b) {
        return new ImapTuning(connectTimeout, readTimeout, metaPage, batchBytes, batchMessages, partialFetchSize, b,
                connections, minBytesPerSecond, stallWindow);
    }

    public ImapTuning withConnections(int n) {
        return new ImapTuning(connectTimeout, readTimeout, metaPage, batchBytes, batchMessages, partialFetchSize,
                backoff, n, minBytesPerSecond, stallWindow);
    }

    /** {@code --timeout}: how long a server may stay silent before the connection counts as dead. */
    public ImapTuning withReadTimeout(Duration d) {
        return new ImapTuning(connectTimeout, d, metaPage, batchBytes, batchMessages, partialFetchSize, backoff,
                connections, minBytesPerSecond, stallWindow);
    }

    public ImapTuning withMinimumRate(long bytesPerSecond, Duration window) {
        return new ImapTuning(connectTimeout, readTimeout, metaPage, batchBytes, batchMessages, partialFetchSize,
                backoff, connections, bytesPerSecond, window);
    }
}
