package org.mailferry.store;

/**
 * Messages of one folder in ascending UID order, streamed. Not thread-safe.
 * {@link #next()} throws {@link org.mailferry.error.MessageFailure} for a message that cannot be
 * read (the cursor stays usable and moves past it).
 */
public interface MessageCursor extends AutoCloseable {

    /** Messages this cursor expects to yield in total, for progress; -1 when unknown. */
    long expectedCount();

    /** Bytes this cursor expects to yield in total, for progress; -1 when unknown. */
    long expectedBytes();

    /**
     * Bytes of all the messages this cursor would yield, asking the store what it must (sizes,
     * never bodies), for a plan; -1 when only reading the messages could tell. Call it before
     * {@link #next()}. By default {@link #expectedBytes()}, for cursors that know it up front.
     */
    default long totalBytes() {
        return expectedBytes();
    }

    /** The next message, or {@code null} at the end. The caller closes what it gets. */
    SourceMessage next();

    @Override
    void close();
}
