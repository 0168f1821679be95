package org.mailferry.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.mailferry.store.ChunkListener;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.Store;

/**
 * Everything one copy run needs at run time that must not be a job parameter: the opened stores
 * (with their credentials), the folder selection and mapping, and the tuning. Handed to the job
 * {@link CopyJobs} builds for it; {@link #key()} identifies the run in the job database.
 *
 * @param key         stable identity of this copy (hash of verb, source, target and selection)
 * @param verb        backup, restore or migrate: the job's name
 * @param mapping     source folder to target folder
 * @param options     connections, chunk size, rate limits, mirror mode
 * @param statuses    folder statuses the partitioner saw (IMAP STATUS), by source folder, so an
 *                    unchanged folder is skipped without a connection; refreshed at every listing
 * @param origin      the job file the run comes from (recorded with its execution), or null
 * @param description what the run layer planned, as JSON, recorded with each execution ({@link RunPlans}); may be null
 * @param plan        this run's plan: each partition's folder and target by partition key, as the
 *                    partitioner made it from this command's selection and mapping. A partition
 *                    takes its folder from here, never from a stored context, so a resumed run
 *                    copies with the options typed now and a context that lost its folder does
 *                    not matter
 * @param chunks      told of each chunk before it is written (an archive's header index), {@link ChunkListener#NONE} by default
 */
public record CopyChannel(String key, String verb, Store source, Store target, FolderSelection selection,
                          Function<FolderInfo, FolderPath> mapping, CopyOptions options,
                          ProgressListener progress, RunOrigin origin, String description,
                          Map<FolderPath, FolderStatus> statuses,
                          Map<String, PartitionFolder> plan, ChunkListener chunks) {

    public CopyChannel(String key, String verb, Store source, Store target, FolderSelection selection,
                       Function<FolderInfo, FolderPath> mapping, CopyOptions options, ProgressListener progress,
                       RunOrigin origin, String description) {
        this(key, verb, source, target, selection, mapping, options, progress, origin, description, new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>(), ChunkListener.NONE);
    }

    /** This channel telling {@code listener} of each chunk before it is written. */
    public CopyChannel withChunkListener(ChunkListener listener) {
        return new CopyChannel(key, verb, source, target, selection, mapping, options, progress, origin, description,
                statuses, plan, listener);
    }

    public int connections() {
        return options.connections();
    }

    public int chunkSize() {
        return options.chunkSize();
    }
}
