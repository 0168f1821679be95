package org.mailferry.mbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.WriteOutcome;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.Compression;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.util.PrivateFiles;

/**
 * Rewrites an mbox folder without some messages (retention), or with messages below its highest
 * UID that it lacks (skipped by an earlier run, fetched again), crash-safely. The resulting
 * messages, in ascending UID order, old ones with their current flags, are written as a new data
 * file and index in the hidden
 * directory {@value #WORK_DIR} beside the folder; the marker {@code NAME.mbox.compacting} then
 * commits the rewrite; the two files are renamed over the old ones and the marker goes. A crash
 * before the marker leaves the folder as it was (the leftovers are deleted when it is next opened
 * for writing); after it, the next open finishes the renames ({@link #recover}). Callers hold the
 * archive lock and have closed the folder's files.
 */
final class MboxCompaction {

    static final String WORK_DIR = ".mailferry-compact";
    private static final String MARKER_SUFFIX = ".mbox.compacting";

    private MboxCompaction() {
    }

    /** Writes the folder again without the messages {@code remove}; {@code index} is the folder's current index. */
    static void rewrite(MboxFiles files, MboxIndex index, Collection<Long> remove) {
        rewrite(files, index, remove, List.of());
    }

    /**
     * Writes the folder again without the messages {@code remove} and with the messages
     * {@code insert} (UIDs the index does not hold) in their UID places. Returns the outcome of
     * each inserted message by UID: written, or rejected when its content cannot be read.
     */
    static Map<Long, WriteOutcome> rewrite(MboxFiles files, MboxIndex index, Collection<Long> remove,
                                           List<SourceMessage> insert) {
        Map<Long, WriteOutcome> outcomes = new HashMap<>();
        Iterator<SourceMessage> inserts = insert.stream().sorted(Comparator.comparingLong(SourceMessage::uid)).iterator();
        Compression c = index.compression();
        MboxFiles work = workFiles(files);
        try {
            PrivateFiles.createDirectories(work.mbox().getParent());
            deleteWork(work);
            MboxData old = new MboxData(files.data(c), index);
            try (MboxIndex fresh = MboxIndex.recover(work, c);
                 FileChannel data = PrivateFiles.open(work.data(c), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                MboxAppender appender = MboxAppender.start(data, c, fresh.end(), fresh.dataEnd());
                List<MboxEntry> kept = new ArrayList<>();
                SourceMessage next = inserts.hasNext() ? inserts.next() : null;
                for (MboxEntry e : index.entries()) {
                    for (; next != null && next.uid() < e.uid(); next = inserts.hasNext() ? inserts.next() : null) {
                        insert(appender, next, kept, outcomes);
                    }
                    if (!remove.contains(e.uid())) {
                        kept.add(appender.append(new SourceMessage(0,
                                new MessageMeta(e.uid(), e.size(), e.internalDate(), e.flags()), new MboxEntryContent(old, e))));
                    }
                }
                for (; next != null; next = inserts.hasNext() ? inserts.next() : null) {
                    insert(appender, next, kept, outcomes);
                }
                List<MboxFrame> frames = appender.finish();
                data.force(true);
                fresh.append(kept, frames);
            }
            PrivateFiles.fsyncDirectory(work.mbox().getParent());
            Path marker = marker(files);
            Files.deleteIfExists(marker);
            PrivateFiles.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
            PrivateFiles.fsyncDirectory(marker.getParent());
            finish(files);
        } catch (IOException e) {
            throw ArchiveErrors.write(files.mbox(), e);
        }
        return outcomes;
    }

    private static void insert(MboxAppender appender, SourceMessage m, List<MboxEntry> kept,
                               Map<Long, WriteOutcome> outcomes) throws IOException {
        try {
            MboxEntry e = appender.append(m);
            kept.add(e);
            outcomes.put(m.uid(), WriteOutcome.written(m.uid(), e.size()));
        } catch (MessageFailure f) {
            outcomes.put(m.uid(), WriteOutcome.rejected(m.uid(), f.getMessage()));
        }
    }

    /** Finishes a committed rewrite, or drops the leftovers of one that never committed. */
    static void recover(MboxFiles files) {
        try {
            if (Files.exists(marker(files))) {
                finish(files);
            } else if (Files.isDirectory(workFiles(files).mbox().getParent())) {
                deleteWork(workFiles(files));
            }
        } catch (IOException e) {
            throw ArchiveErrors.write(files.mbox(), e);
        }
    }

    /** True while a committed rewrite is not finished (readers must not read the folder). */
    static boolean pending(MboxFiles files) {
        return Files.exists(marker(files));
    }

    private static void finish(MboxFiles files) throws IOException {
        MboxFiles work = workFiles(files);
        for (Compression c : Compression.values()) {
            moveOver(work.data(c), files.data(c));
        }
        moveOver(work.index(), files.index());
        PrivateFiles.fsyncDirectory(files.mbox().getParent());
        Files.deleteIfExists(marker(files));
        PrivateFiles.fsyncDirectory(files.mbox().getParent());
    }

    private static void moveOver(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteWork(MboxFiles work) throws IOException {
        for (Compression c : Compression.values()) {
            Files.deleteIfExists(work.data(c));
        }
        Files.deleteIfExists(work.index());
    }

    private static MboxFiles workFiles(MboxFiles files) {
        return MboxFiles.of(files.mbox().resolveSibling(WORK_DIR), files.name());
    }

    private static Path marker(MboxFiles files) {
        return files.mbox().resolveSibling(files.name() + MARKER_SUFFIX);
    }
}
