package org.mailferry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A message that is a whole file owned by an archive (a Maildir message), never read through a link; never deleted here. */
public final class FileContent implements MessageContent {

    private final Path file;
    private final long size;

    public FileContent(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {
        // the archive owns the file
    }
}
