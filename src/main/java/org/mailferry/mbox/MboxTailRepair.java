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
 * The check an mbox's sink runs when it opens, without reading a message, and the repair for a
 * backup to fetch again what was lost. The file is seen as units: each indexed message when
 * uncompressed, each compressed unit otherwise. A unit is damaged when the file ends before it
 * does (truncated by a disk, a copy or a person), when its first bytes are not what they must be
 * (a {@code From } line; the format's magic number), or when the next unit's are not and its
 * own messages no longer read as their SHA-256 says (bytes cut out of it or added to it shift
 * what follows; this is the only message read, and only next to damage). {@link #repair} records the damaged messages as
 * wanted again first (through the callback, so a crash loses nothing), copies the data file's
 * bytes from the first damaged unit on into {@value #DAMAGED_DIR} beside the folder (kept, never
 * deleted), then rewrites the folder without them ({@link MboxCompaction#rewrite}, crash-safe).
 * A damaged message inside an intact-looking unit is found by {@code verify}, which reads every
 * SHA-256. Callers hold the archive lock and have the folder's files closed.
 */
final class MboxTailRepair {

    static final String DAMAGED_DIR = ".mailferry-damaged";
    private static final byte[] FROM = "From ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MboxTailRepair() {
    }

    /** One unit of the data file: where it starts and ends in the file, and the messages in it. */
    private record Unit(long start, long end, List<Long> uids) {
    }

    /** The UIDs of the messages in damaged units, ascending; empty when the file is intact as far as this check sees. */
    static List<Long> damaged(MboxFiles files, MboxIndex index) {
        Compression c = index.compression();
        Path data = files.data(c);
        List<Unit> units = units(index);
        List<Long> bad = new ArrayList<>();
        if (units.isEmpty()) {
            return bad;
        }
        try (FileChannel ch = Files.exists(data) ? FileChannel.open(data, StandardOpenOption.READ) : null) {
            long size = ch == null ? 0 : ch.size();
            boolean[] starts = new boolean[units.size()];
            for (int i = 0; i < units.size(); i++) {
                starts[i] = units.get(i).end() <= size && startsRight(ch, units.get(i).start(), c);
            }
            MboxData content = new MboxData(data, index);
            for (int i = 0; i < units.size(); i++) {
                // before a unit that starts wrong: intact only if its messages still read as recorded
                if (!starts[i] || (i + 1 < units.size() && !starts[i + 1] && !readsAsRecorded(content, index, units.get(i)))) {
                    bad.addAll(units.get(i).uids());
                }
            }
        } catch (IOException e) {
            throw ArchiveErrors.read(data, e);
        }
        return bad;
    }

    /** Repairs the folder when {@link #damaged} finds anything; returns the sentence saying what it did, or null. */
    static String repair(MboxFiles files, java.util.function.Consumer<List<Long>> beforeCut) {
        MboxIndex index = MboxIndex.read(files);
        Compression c = index.compression();
        Path data = files.data(c);
        try {
            List<Long> cut = damaged(files, index);
            if (cut.isEmpty()) {
                return null;
            }
            beforeCut.accept(cut);
            long size = Files.exists(data) ? Files.size(data) : 0;
            MboxEntry first = index.entry(cut.get(0));
            long cutAt = c == Compression.NONE ? first.offset() : index.frameAt(first.offset()).fileOffset();
            Path kept = keepAside(data, Math.min(cutAt, size));
            MboxCompaction.rewrite(files, index, cut);
            return data.getFileName() + " is damaged from byte " + cutAt + (size < index.dataEnd() ? " (it ends at byte "
                    + size + ", before what its index lists: cut back to the last intact message)" : "") + ": " + cut.size() + " of the " + index.entries().size()
                    + " messages its index lists (from UID " + cut.get(0) + ") were cut out ("
                    + (kept == null ? "nothing left to keep" : "the bytes kept in " + kept)
                    + ") and are fetched again";
        } catch (IOException e) {
            throw ArchiveErrors.write(data, e);
        } finally {
            index.close();
        }
    }

    /**
     * Cuts an index whose line {@code lineNo} is damaged back to the last commit before it (a
     * message line uncompressed, a frame line compressed). The messages the lines from there on
     * name (those that still parse) go to {@code beforeCut} first, to be wanted again; the old
     * index and the data file's bytes past the kept part are copied into {@value #DAMAGED_DIR};
     * then the shorter index replaces the old one (opening then drops the data past it). Returns
     * the sentence saying so. The header line itself cannot be cut back to: that fails as before.
     */
    static String cutIndex(MboxFiles files, int lineNo, java.util.function.Consumer<List<Long>> beforeCut) {
        Path indexFile = files.index();
        try {
            List<String> lines = new ArrayList<>(java.util.Arrays.asList(
                    new String(Files.readAllBytes(indexFile), java.nio.charset.StandardCharsets.UTF_8).split("\n", -1)));
            lines.remove(lines.size() - 1); // after the last \n: an uncommitted line or nothing
            int keep = 1; // lines kept, the header at least
            long dataEnd = 0;
            boolean compressed = false;
            for (int i = 0; i < lineNo - 1; i++) {
                tools.jackson.databind.JsonNode n = MboxIndexLines.parse(lines.get(i));
                if (i == 0) {
                    compressed = !n.path("compression").asString("none").equals("none");
                } else if (MboxIndexLines.FRAME_OP.equals(n.path("op").asString(null))) {
                    keep = i + 1;
                    dataEnd = n.path("fileOffset").asLong() + n.path("fileLength").asLong();
                } else if (!compressed && n.path("op").isMissingNode()) {
                    keep = i + 1;
                    dataEnd = n.path("offset").asLong() + n.path("length").asLong();
                } else if (!compressed) {
                    keep = i + 1; // a flags line
                }
            }
            List<Long> wanted = new ArrayList<>();
            for (String line : lines.subList(keep, lines.size())) {
                try {
                    tools.jackson.databind.JsonNode n = MboxIndexLines.parse(line);
                    if (n.path("op").isMissingNode() && n.path("uid").asLong(0) > 0) {
                        wanted.add(n.path("uid").asLong());
                    }
                } catch (RuntimeException e) {
                    // the damaged line, or another: what it named is found by the comparison with the source
                }
            }
            beforeCut.accept(wanted);
            Path dir = indexFile.resolveSibling(DAMAGED_DIR);
            PrivateFiles.createDirectories(dir);
            long now = System.currentTimeMillis();
            Files.copy(indexFile, dir.resolve(indexFile.getFileName() + ".damaged-" + now));
            Path kept = null;
            for (Compression c : Compression.values()) {
                if (Files.exists(files.data(c)) && Files.size(files.data(c)) > dataEnd) {
                    kept = keepAside(files.data(c), dataEnd);
                }
            }
            PrivateFiles.writeAtomically(indexFile, (String.join("\n", lines.subList(0, keep)) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return indexFile.getFileName() + " line " + lineNo + " is damaged: the index was cut back to line " + keep
                    + " (the old one and " + (kept == null ? "no data" : "the data after it") + " kept in " + dir + "); the "
                    + wanted.size() + " messages it listed after that are fetched again";
        } catch (IOException e) {
            throw ArchiveErrors.write(indexFile, e);
        }
    }

    /**
     * A folder whose index is lost (or whose header line no longer parses) while its mbox holds
     * messages: nothing tells which UIDs those are, so the mbox (and what is left of the index) is
     * moved into {@value #DAMAGED_DIR}, kept, and the folder starts afresh, to be fetched again
     * from the server. Returns the sentence saying so, or null when there was nothing to set aside.
     */
    static String setAsideWithoutIndex(MboxFiles files) {
        try {
            List<Path> moved = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (Compression c : Compression.values()) {
                Path data = files.data(c);
                if (Files.exists(data, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(data) > 0) {
                    moved.add(moveAside(data, now));
                }
            }
            if (moved.isEmpty()) {
                return null;
            }
            if (Files.exists(files.index(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                moveAside(files.index(), now);
            }
            return files.index().getFileName() + " is missing or unreadable, so the messages of "
                    + moved.get(0).getFileName().toString().replaceFirst("\\.no-index-\\d+$", "")
                    + " cannot be told apart: the mbox was set aside in " + moved.get(0).getParent()
                    + " (kept) and the folder is fetched again from the server";
        } catch (IOException e) {
            throw ArchiveErrors.write(files.index(), e);
        }
    }

    private static Path moveAside(Path file, long now) throws IOException {
        Path dir = file.resolveSibling(DAMAGED_DIR);
        PrivateFiles.createDirectories(dir);
        Path target = dir.resolve(file.getFileName() + ".no-index-" + now);
        Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        PrivateFiles.fsyncDirectory(file.getParent());
        return target;
    }

    private static List<Unit> units(MboxIndex index) {
        List<Unit> units = new ArrayList<>();
        for (MboxEntry e : index.entries()) {
            if (index.compression() == Compression.NONE) {
                units.add(new Unit(e.offset(), e.end(), List.of(e.uid())));
                continue;
            }
            MboxFrame f = index.frameAt(e.offset());
            Unit last = units.isEmpty() ? null : units.get(units.size() - 1);
            if (last != null && last.start() == f.fileOffset()) {
                List<Long> uids = new ArrayList<>(last.uids());
                uids.add(e.uid());
                units.set(units.size() - 1, new Unit(last.start(), last.end(), uids));
            } else {
                units.add(new Unit(f.fileOffset(), f.fileEnd(), List.of(e.uid())));
            }
        }
        return units;
    }

    private static boolean readsAsRecorded(MboxData content, MboxIndex index, Unit unit) {
        for (long uid : unit.uids()) {
            MboxEntry e = index.entry(uid);
            try (java.io.InputStream in = new MboxEntryContent(content, e).open()) {
                if (!org.mailferry.archive.Sha256.of(in).equals(e.sha256())) {
                    return false;
                }
            } catch (IOException | RuntimeException ex) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsRight(FileChannel ch, long at, Compression c) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(c == Compression.NONE ? FROM.length : 6);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // fill the buffer
        }
        byte[] head = java.util.Arrays.copyOf(b.array(), b.position());
        return c == Compression.NONE ? java.util.Arrays.equals(head, FROM) : Compression.ofMagic(head).orElse(null) == c;
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
