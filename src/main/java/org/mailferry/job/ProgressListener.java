package org.mailferry.job;

/**
 * Live progress of a run, for a terminal bar or log lines. Called from partition threads:
 * implementations are thread-safe.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * Before any copying: an estimate of the messages still to copy from this folder (from the
     * source's STATUS and what the target is known to hold), so the total is known up front.
     */
    default void expected(String folder, long messages) {
    }

    /** A folder's reader knows how much it will read: replaces the folder's estimate. */
    default void folderStarted(String folder, long messages) {
    }

    /** A chunk was written. */
    default void written(String folder, long messages, long bytes) {
    }

    default void folderFinished(String folder, boolean ok) {
    }
}
