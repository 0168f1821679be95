package org.mailferry.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.mailferry.error.MailferryException;
import org.mailferry.util.PrivateFiles;

/**
 * Decides where the bytes of messages in flight live, so heap use stays bounded whatever the
 * mailbox: a message up to {@code inMemoryLimit} bytes stays in memory while all in-memory
 * messages not yet closed total less than {@code memoryBudget}; everything else is spilled to a
 * 0600 temp file in {@code spoolDir}. Closing a message gives its bytes back to the budget.
 * Thread-safe: one spooler serves every partition of a job.
 */
public final class ContentSpooler {

    private final Path spoolDir;
    private final long inMemoryLimit;
    private final long memoryBudget;
    private final AtomicLong heldInMemory = new AtomicLong();

    public ContentSpooler(Path spoolDir, long inMemoryLimit, long memoryBudget) {
        this.spoolDir = spoolDir;
        this.inMemoryLimit = inMemoryLimit;
        this.memoryBudget = memoryBudget;
    }

    /** Whether a message of this size should be streamed straight to a file. */
    public boolean shouldSpool(long size) {
        return size > inMemoryLimit || heldInMemory.get() + size > memoryBudget;
    }

    /** Wraps bytes already received; spills them when they do not fit the budget. */
    public MessageContent fromBytes(byte[] bytes, int offset, int length) {
        if (!shouldSpool(length)) {
            heldInMemory.addAndGet(length);
            return new ByteArrayContent(bytes, offset, length, () -> heldInMemory.addAndGet(-length));
        }
        SpoolFile f = newFile();
        try (OutputStream out = f.output()) {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            f.discard();
            throw MailferryException.archive("cannot spool a message to " + spoolDir + ": " + e.getMessage(), e);
        }
        return f.finish(length);
    }

    public SpoolFile newFile() {
        try {
            PrivateFiles.createDirectories(spoolDir);
            Path p = Files.createTempFile(spoolDir, "msg-", ".eml", PrivateFiles.fileAttributes());
            return new SpoolFile(p);
        } catch (IOException e) {
            throw MailferryException.archive("cannot create a temp file in " + spoolDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code bytes} more would still fit the in-memory budget (fetching ahead waits otherwise). */
    public boolean hasRoomFor(long bytes) {
        return heldInMemory.get() + bytes <= memoryBudget;
    }

    /** Bytes of in-memory messages not yet closed. */
    public long heldInMemory() {
        return heldInMemory.get();
    }

    /** A temp file being filled with one message. */
    public static final class SpoolFile {
        private final Path path;

        SpoolFile(Path path) {
            this.path = path;
        }

        public OutputStream output() throws IOException {
            return Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        public MessageContent finish(long size) {
            return new TempFileContent(path, size);
        }

        public void discard() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // best effort: the spool directory is swept at start-up
            }
        }
    }
}
