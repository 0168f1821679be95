package org.mailferry.store;

import java.util.List;

/**
 * Told of each chunk of messages about to be written into a target folder, while their bytes are
 * still readable (a sink may move a spooled file away): an archive's header index is kept this
 * way as a backup goes. Must not fail the chunk: an implementation logs its own trouble. Called
 * from partition threads, one folder per thread.
 */
@FunctionalInterface
public interface ChunkListener {

    ChunkListener NONE = (target, uidValidity, messages) -> {
    };

    /** @param uidValidity the source folder generation the messages' UIDs belong to */
    void beforeWrite(FolderPath target, long uidValidity, List<SourceMessage> messages);
}
