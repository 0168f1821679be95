package org.mailferry.mbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.Compression;
import org.mailferry.util.PrivateFiles;

/**
 * Cuts an mbox whose data file ends before what its index committed (truncated by a disk, a copy
 * or a person) back to its last intact message, for a backup to fetch the rest again. The bytes
 * from the first cut message (or compressed unit) on are copied into {@value #DAMAGED_DIR} beside
 * the folder first (kept, never deleted); then the folder is rewritten without the cut messages
 * ({@link MboxCompaction#rewrite}, crash-safe). Callers hold the archive lock and have the
 * folder's files closed.
 */
final class MboxTailRepair {

    static final String DAMAGED_DIR = ".mailferry-damaged";

    private MboxTailRepair() {
    }

    /** Repairs the folder and returns the sentence saying what was cut and where it was kept. */
    static String cut(MboxFiles files) {
        MboxIndex index = MboxIndex.read(files);
        Compression c = index.compression();
        Path data = files.data(c);
        try {
            long size = Files.exists(data) ? Files.size(data) : 0;
            List<Long> cut = new ArrayList<>();
            long cutAt = -1;
            for (MboxEntry e : index.entries()) {
                long start = c == Compression.NONE ? e.offset() : index.frameAt(e.offset()).fileOffset();
                long end = c == Compression.NONE ? e.end() : index.frameAt(e.offset()).fileEnd();
                if (end > size) {
                    cut.add(e.uid());
                    cutAt = cutAt < 0 ? start : cutAt;
                }
            }
            Path kept = keepAside(data, Math.min(cutAt, size));
            MboxCompaction.rewrite(files, index, cut);
            return data.getFileName() + " ended at byte " + size + ", inside message " + cut.get(0)
                    + " of the " + index.entries().size() + " its index lists: cut back to the last intact message ("
                    + (kept == null ? "nothing after it" : "the rest kept in " + kept) + "); the " + cut.size()
                    + " cut messages are fetched again";
        } catch (IOException e) {
            throw ArchiveErrors.write(data, e);
        } finally {
            index.close();
        }
    }

    private static Path keepAside(Path data, long from) throws IOException {
        if (!Files.exists(data) || Files.size(data) <= from) {
            return null;
        }
        Path dir = data.resolveSibling(DAMAGED_DIR);
        PrivateFiles.createDirectories(dir);
        Path kept = dir.resolve(data.getFileName() + ".cut-" + System.currentTimeMillis());
        try (FileChannel in = org.mailferry.archive.ArchiveFiles.channel(data);
             FileChannel out = PrivateFiles.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long at = from, size = in.size(); at < size; ) {
                at += in.transferTo(at, size - at, out);
            }
            out.force(true);
        }
        return kept;
    }
}
