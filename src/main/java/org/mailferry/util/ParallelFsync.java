package org.mailferry.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Forces many files to disk at once. File systems commit concurrent fsyncs together (ext4's
 * journal batches them), so a chunk of small message files becomes durable several times faster
 * than with one fsync after another, with exactly the same guarantee. Thread-safe; the pool's
 * daemon threads are shared by the whole process.
 */
public final class ParallelFsync {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "fsync");
        t.setDaemon(true);
        return t;
    });

    private ParallelFsync() {
    }

    /** Returns once every file is durable; the first failure is thrown after all attempts end. */
    public static void forceAll(List<Path> files) throws IOException {
        if (files.size() == 1) {
            force(files.get(0));
            return;
        }
        List<Future<Void>> pending = new ArrayList<>(files.size());
        for (Path f : files) {
            pending.add(POOL.submit(() -> {
                force(f);
                return null;
            }));
        }
        IOException first = null;
        for (Future<Void> p : pending) {
            try {
                p.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forcing files to disk", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void force(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
