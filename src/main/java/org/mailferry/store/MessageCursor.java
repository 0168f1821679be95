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

    /** The next message, or {@code null} at the end. The caller closes what it gets. */
    SourceMessage next();

    @Override
    void close();
}
