package org.mailferry.job;

/**
 * Live progress of a run, for a terminal bar or log lines. Called from partition threads:
 * implementations are thread-safe.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** A folder's reader knows how much it will read. */
    default void folderStarted(String folder, long messages) {
    }

    /** A chunk was written. */
    default void written(String folder, long messages, long bytes) {
    }

    default void folderFinished(String folder, boolean ok) {
    }
}
