package org.mailferry.report;

import java.util.List;
import org.mailferry.store.LinkCounts;
import org.mailferry.store.ReadAnomalies;

/**
 * One folder's result, from its partition's latest step execution.
 *
 * @param alreadyPresent messages this run offered the target that it found it already held
 * @param held      messages the target holds of the folder after the run (archives); -1 when
 *                  it cannot tell cheaply (a mailbox)
 * @param anomalies answers of the source server that did not match the request (dropped
 *                  responses, size mismatches kept, INTERNALDATEs replaced)
 * @param excluded  messages of the source the run's filter left out ({@code --since}, ...)
 * @param links     messages stored as hard links to identical ones ({@code --dedupe}) and the bytes saved
 */
public record FolderSummary(String folder, String target, String status, long copied, long bytes,
                            long alreadyPresent, long flagUpdates, long deleted, long skipped,
                            List<String> skippedMessages, List<String> notes, long reconnects, long throttleWaits,
                            long waitedMillis, long rateLimitedMillis, String error, ReadAnomalies.Counts anomalies,
                            long altered, List<String> alteredMessages, long excluded, long held, LinkCounts links) {

    public FolderSummary(String folder, String target, String status, long copied, long bytes, long alreadyPresent,
                         long flagUpdates, long deleted, long skipped, List<String> skippedMessages, List<String> notes,
                         long reconnects, long throttleWaits, long waitedMillis, long rateLimitedMillis, String error,
                         ReadAnomalies.Counts anomalies, long altered, List<String> alteredMessages, long excluded,
                         long held) {
        this(folder, target, status, copied, bytes, alreadyPresent, flagUpdates, deleted, skipped, skippedMessages,
                notes, reconnects, throttleWaits, waitedMillis, rateLimitedMillis, error, anomalies, altered,
                alteredMessages, excluded, held, LinkCounts.NONE);
    }

    public FolderSummary(String folder, String target, String status, long copied, long bytes, long alreadyPresent,
                         long flagUpdates, long deleted, long skipped, List<String> skippedMessages, List<String> notes,
                         long reconnects, long throttleWaits, long waitedMillis, long rateLimitedMillis, String error) {
        this(folder, target, status, copied, bytes, alreadyPresent, flagUpdates, deleted, skipped, skippedMessages,
                notes, reconnects, throttleWaits, waitedMillis, rateLimitedMillis, error, ReadAnomalies.Counts.NONE,
                0, List.of(), 0, -1);
    }
}
