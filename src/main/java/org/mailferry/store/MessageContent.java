package org.mailferry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The exact bytes of one message, readable any number of times until {@link #close()}.
 * Implementations hold small messages in memory and large ones in a file, never a large one in
 * the heap. Not thread-safe.
 */
public interface MessageContent extends AutoCloseable {

    /** Number of bytes {@link #open()} yields. */
    long size();

    InputStream open() throws IOException;

    /**
     * A file holding exactly these bytes that the caller may move away (a spilled temp file), so a
     * Maildir sink can rename instead of copy. Empty when the bytes live elsewhere.
     */
    default Optional<Path> movableFile() {
        return Optional.empty();
    }

    /**
     * The bytes themselves when they are in memory (a buffer over them, not a copy: the caller must
     * not change them), so a sink can hash and write them in one go. Empty for a file.
     */
    default Optional<ByteBuffer> inMemory() {
        return Optional.empty();
    }

    /** Releases memory or deletes a temp file; idempotent. */
    @Override
    void close();
}
