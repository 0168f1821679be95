package org.mailferry.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.mailferry.store.ChunkListener;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SourceMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an archive's {@link HeaderIndex} as a backup writes it: the header fields of each chunk's
 * messages are read before the chunk is written (the header only, from memory or the spooled
 * file), and those of the messages the sink stored are appended to the folder's index after it,
 * so {@code search} finds a fresh backup indexed and the index never names a message the folder
 * lacks. A message whose header cannot be read is left to search to read again.
 */
public final class HeaderIndexing implements ChunkListener {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderIndexing.class);

    private final Path archiveRoot;

    public HeaderIndexing(Path archiveRoot) {
        this.archiveRoot = archiveRoot;
    }

    @Override
    public Consumer<Set<Long>> beforeWrite(FolderPath target, long uidValidity, List<SourceMessage> messages) {
        List<HeaderIndex.Entry> entries = new ArrayList<>(messages.size());
        for (SourceMessage m : messages) {
            try {
                entries.add(HeaderIndex.Entry.read(m));
            } catch (IOException | RuntimeException e) {
                LOG.debug("header of UID {} in {} not indexed: {}", m.uid(), target.display(), e.toString());
            }
        }
        return stored -> HeaderIndex.append(archiveRoot, target.display(), uidValidity,
                entries.stream().filter(e -> stored.contains(e.uid())).toList());
    }
}
