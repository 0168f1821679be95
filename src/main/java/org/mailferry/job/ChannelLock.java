package org.mailferry.job;

import java.nio.file.Path;
import org.mailferry.archive.ArchiveLock;

/**
 * Makes sure one channel runs in one process at a time on this machine, whatever its stores:
 * a file lock under the state directory, released by the OS if the process dies. Holding it
 * also proves that a STARTED execution of the channel in the job database is a dead one.
 */
public final class ChannelLock implements AutoCloseable {

    private final ArchiveLock lock;

    private ChannelLock(ArchiveLock lock) {
        this.lock = lock;
    }

    public static ChannelLock acquire(Path lockDir, String channelKey) {
        return new ChannelLock(ArchiveLock.acquire(lockDir.resolve(channelKey)));
    }

    @Override
    public void close() {
        lock.close();
    }
}
