package org.mailferry.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.PrivateFiles;

/**
 * An exclusive lock on an archive directory for the lifetime of a run, so two runs never write
 * one archive at once. The OS releases it when the process dies, even by SIGKILL.
 */
public final class ArchiveLock implements AutoCloseable {

    public static final String FILE_NAME = ".mailferry.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ArchiveLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code root}, failing with exit code BUSY when another process holds it. */
    public static ArchiveLock acquire(Path root) {
        Path file = root.resolve(FILE_NAME);
        try {
            PrivateFiles.createDirectories(root);
            FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new MailferryException(FailureScope.STORE, ExitCode.BUSY,
                        "archive " + root + " is in use by another mailferry run; wait for it to finish");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new ArchiveLock(ch, l);
        } catch (IOException e) {
            throw MailferryException.archive("cannot lock archive " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the process anyway
        }
    }
}
