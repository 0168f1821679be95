package org.mailferry.report;

import java.util.List;

/** One folder's result, from its partition's latest step execution. */
public record FolderSummary(String folder, String target, String status, long copied, long bytes,
                            long alreadyPresent, long flagUpdates, long deleted, long skipped,
                            List<String> skippedMessages, List<String> notes, long reconnects, long throttleWaits,
                            long waitedMillis, long rateLimitedMillis, String error, long altered,
                            List<String> alteredMessages) {
}
