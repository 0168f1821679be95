package org.mailferry.store;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Told of each chunk of messages about to be written into a target folder, while their bytes are
 * still readable (a sink may move a spooled file away), and then of the UIDs the sink stored: an
 * archive's header index is kept this way as a backup goes, naming only what the folder holds.
 * Must not fail the chunk: an implementation logs its own trouble. Called from partition
 * threads, one folder per thread.
 */
@FunctionalInterface
public interface ChunkListener {

    ChunkListener NONE = (target, uidValidity, messages) -> stored -> {
    };

    /**
     * @param uidValidity the source folder generation the messages' UIDs belong to
     * @return what to do once the sink wrote the chunk, given the UIDs it stored (written or linked)
     */
    Consumer<Set<Long>> beforeWrite(FolderPath target, long uidValidity, List<SourceMessage> messages);
}
