package org.mailferry.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A small message held in memory; {@link #close()} runs the release hook once. */
public final class ByteArrayContent implements MessageContent {

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private Runnable onClose;

    public ByteArrayContent(byte[] bytes) {
        this(bytes, 0, bytes.length, null);
    }

    public ByteArrayContent(byte[] bytes, int offset, int length, Runnable onClose) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.onClose = onClose;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(bytes, offset, length);
    }

    @Override
    public Optional<ByteBuffer> inMemory() {
        return Optional.of(ByteBuffer.wrap(bytes, offset, length));
    }

    @Override
    public void close() {
        Runnable r = onClose;
        onClose = null;
        if (r != null) {
            r.run();
        }
    }
}
