package org.mailferry.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spare connections fetching batches of one folder ahead of its reader. A run keeps up to
 * {@code --connections} connections busy per account, one per folder being copied; when fewer
 * folders than that are left (the tail of a run, or a mailbox that is mostly one folder, like
 * Gmail's All Mail) the idle ones become lanes of the folders still running. A lane is the folder
 * EXAMINEd on its own connection ({@link FolderSession#twin}) with one thread, fetching one batch at a
 * time; the reader collects the batches in its own order, so what the writer sees does not change.
 * A lane gives its connection back when the account is over its budget (a new folder started),
 * and a lane that fails is retired: the reader then fetches that batch itself. Driven by the
 * reader's thread only.
 */
final class FetchLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FetchLanes.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Fetches one batch on a folder: the same work the reader does inline. */
    interface BatchFetch {
        List<Object> fetch(FolderSession folder, FetchedMeta[] batch);
    }

    private final FolderSession main;
    private final ImapConnectionPool pool;
    private final BatchFetch fetch;
    private final BooleanSupplier memoryRoom;
    private final int maxLanes;
    private final List<Lane> lanes = new ArrayList<>();

    /** @param memoryRoom whether the run's in-memory budget has room for one more batch in flight */
    FetchLanes(FolderSession main, ImapConnectionPool pool, BatchFetch fetch, BooleanSupplier memoryRoom) {
        this.main = main;
        this.pool = pool;
        this.fetch = fetch;
        this.memoryRoom = memoryRoom;
        this.maxLanes = Math.max(0, pool.endpoint().tuning().connections() - 1);
    }

    /** How many lanes could work at once: the reader plans this many batches ahead. */
    int capacity() {
        int open = lanes.size();
        return open < maxLanes && pool.hasSpare() ? open + 1 : open;
    }

    /**
     * Hands {@code batch} to an idle lane, opening one when a connection can be spared and the
     * memory budget has room; returns its future result, or {@code null} when no lane takes it
     * (the reader fetches it itself).
     */
    Future<List<Object>> offer(FetchedMeta[] batch) {
        retireFailed();
        if (pool.overBudget() && !lanes.isEmpty()) {
            retire(lanes.get(lanes.size() - 1));
        }
        if (!memoryRoom.getAsBoolean()) {
            return null;
        }
        for (Lane lane : lanes) {
            if (lane.idle()) {
                return lane.submit(batch);
            }
        }
        if (lanes.size() < maxLanes && pool.hasSpare()) {
            Lane lane = new Lane();
            lanes.add(lane);
            return lane.submit(batch);
        }
        return null;
    }

    /**
     * The messages (and failures) of a batch handed to a lane, waiting for them; {@code null} when
     * the lane could not fetch it, and then the lane is retired.
     */
    List<Object> collect(Future<List<Object>> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            LOG.debug("a fetch-ahead connection of {} failed ({}); its batch is fetched again", main.name(),
                    e.getCause().toString());
            retireFailed();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch of " + main.name(), e);
        }
    }

    /** Retires every lane whose last fetch failed, whichever batch that was. */
    private void retireFailed() {
        for (Lane lane : List.copyOf(lanes)) {
            if (lane.failed) {
                retire(lane);
            }
        }
    }

    private void retire(Lane lane) {
        lanes.remove(lane);
        lane.close();
    }

    /** Closes every lane, after the batch each may be fetching; their connections go back to the pool. */
    @Override
    public void close() {
        for (Lane lane : List.copyOf(lanes)) {
            retire(lane);
        }
    }

    /** One spare connection with the folder open and one thread; at most one batch in flight. */
    private final class Lane {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fetch-lane-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        private FolderSession folder; // used by the lane's thread only
        private Future<List<Object>> current;
        private volatile boolean failed; // its connection or folder is not to be trusted any more

        boolean idle() {
            return !failed && (current == null || current.isDone());
        }

        Future<List<Object>> submit(FetchedMeta[] batch) {
            current = thread.submit(() -> {
                try {
                    if (folder == null) {
                        ImapConnection spare = pool.borrowSpare();
                        if (spare == null) {
                            throw new IllegalStateException("no connection to spare");
                        }
                        folder = main.twin(spare);
                        LOG.debug("a spare connection fetches ahead in {}", main.name());
                    }
                    return fetch.fetch(folder, batch);
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                }
            });
            return current;
        }

        /** Closes the folder on the lane's thread once its batch is done; does not wait. */
        void close() {
            thread.execute(() -> {
                if (folder != null) {
                    folder.close();
                    folder = null;
                }
            });
            thread.shutdown();
        }
    }
}
