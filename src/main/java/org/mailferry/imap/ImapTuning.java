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
 */
public record ImapTuning(Duration connectTimeout, Duration readTimeout, int metaPage, long batchBytes,
                         int batchMessages, int partialFetchSize, Backoff backoff, int connections) {

    public static final ImapTuning DEFAULT = new ImapTuning(Duration.ofSeconds(30), Duration.ofSeconds(120), 1000,
            4L << 20, 500, 1 << 20, Backoff.DEFAULT, 1);

    public ImapTuning withBackoff(Backoff b) {
        return new ImapTuning(connectTimeout, readTimeout, metaPage, batchBytes, batchMessages, partialFetchSize, b,
                connections);
    }

    public ImapTuning withConnections(int n) {
        return new ImapTuning(connectTimeout, readTimeout, metaPage, batchBytes, batchMessages, partialFetchSize,
                backoff, n);
    }
}
