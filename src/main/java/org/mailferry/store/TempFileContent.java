package org.mailferry.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A message spilled to a temp file this object owns: {@link #close()} deletes it unless a sink
 * moved it away first (see {@link #movableFile()}).
 */
public final class TempFileContent implements MessageContent {

    private final Path file;
    private final long size;

    public TempFileContent(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public Optional<Path> movableFile() {
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete temp file " + file, e);
        }
    }
}
