package org.mailferry.job;

import java.util.HashMap;
import java.util.Map;

/**
 * The bookkeeping behind a progress display: per folder the messages expected and done. A
 * folder's expectation is first the estimate announced before any copying
 * ({@link ProgressListener#expected}), then replaced by what its reader counts when it starts,
 * and ends at what was done when it finishes, so the total is known up front and only
 * corrected, never grown folder by folder. Thread-safe.
 */
public final class ProgressTotals {

    private static final class Folder {
        long expected;
        long done;
        boolean started;
    }

    private final Map<String, Folder> folders = new HashMap<>();

    /** The estimate for a folder that has not started yet; ignored once it has. */
    public synchronized void estimate(String folder, long messages) {
        Folder f = folders.computeIfAbsent(folder, k -> new Folder());
        if (!f.started) {
            f.expected = Math.max(0, messages);
        }
    }

    /** The folder's reader will read {@code messages} more, after those it has already written. */
    public synchronized void started(String folder, long messages) {
        Folder f = folders.computeIfAbsent(folder, k -> new Folder());
        f.started = true;
        f.expected = f.done + Math.max(0, messages);
    }

    public synchronized void written(String folder, long messages) {
        folders.computeIfAbsent(folder, k -> new Folder()).done += messages;
    }

    /** The folder is done: whatever it did not copy is no longer expected. */
    public synchronized void finished(String folder) {
        Folder f = folders.computeIfAbsent(folder, k -> new Folder());
        f.started = true;
        f.expected = f.done;
    }

    /** Messages expected over all folders (never less than those done). */
    public synchronized long total() {
        long sum = 0;
        for (Folder f : folders.values()) {
            sum += Math.max(f.expected, f.done);
        }
        return sum;
    }

    public synchronized long done() {
        long sum = 0;
        for (Folder f : folders.values()) {
            sum += f.done;
        }
        return sum;
    }
}
