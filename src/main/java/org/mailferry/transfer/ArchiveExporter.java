package org.mailferry.transfer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchiveFiles;
import org.mailferry.archive.ArchiveLock;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.Compression;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.ParallelFsync;
import org.mailferry.util.PrivateFiles;

/**
 * Writes a whole archive directory as one compressed tar, streamed (format: {@code package-info}).
 * Holds the archive's lock while reading it; the tar file appears complete or not at all.
 * Stateless.
 */
public final class ArchiveExporter {

    private static final int DIRECTORY_MODE = 040700;
    private static final int FILE_MODE = 0100600;

    private ArchiveExporter() {
    }

    public static TransferSummary export(Path archiveRoot, Path tarFile) {
        return export(archiveRoot, tarFile, false);
    }

    /** @param overwrite replace an existing {@code tarFile} ({@code --force}); without it an existing file is refused */
    public static TransferSummary export(Path archiveRoot, Path tarFile, boolean overwrite) {
        Path root = archiveRoot.toAbsolutePath().normalize();
        Path target = tarFile.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw MailferryException.store(ExitCode.USAGE, "no archive at " + root + ": the directory does not exist", null);
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, target + " exists: name a new file, or pass"
                    + " --force to replace it");
        }
        if (!Files.isRegularFile(root.resolve(ArchiveManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            throw MailferryException.archive(root + " has no " + ArchiveManifest.FILE_NAME + ": export takes an archive"
                    + " written by mailferry (every backup writes it)", null);
        }
        if (target.startsWith(root)) {
            throw MailferryException.archive("cannot write " + target + " inside the archive it exports", null);
        }
        Compression compression = TarFormat.compressionOf(target);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try (ArchiveLock lock = ArchiveLock.acquire(root)) {
            Counted counted = write(root, part, compression);
            PrivateFiles.moveAtomically(part, target);
            PrivateFiles.fsyncDirectory(target.getParent());
            return new TransferSummary(target, root, counted.files(), counted.bytes(), Files.size(target));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw ArchiveErrors.write(target, e);
        }
    }

    private record Counted(long files, long bytes) {
    }

    /** Writes the tar to {@code part} and fsyncs it. */
    private static Counted write(Path root, Path part, Compression compression) throws IOException {
        long files = 0;
        long bytes = 0;
        try (OutputStream file = new BufferedOutputStream(Channels.newOutputStream(PrivateFiles.open(part,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)), 1 << 16);
             TarArchiveOutputStream tar = TarFormat.writer(compression.compress(file))) {
            String top = root.getFileName().toString();
            for (Path p : entries(root)) {
                String name = top + "/" + root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    put(tar, p, name.endsWith("/") ? name : name + "/", DIRECTORY_MODE, null);
                } else {
                    put(tar, p, name, FILE_MODE, p);
                    files++;
                    bytes += Files.size(p);
                }
            }
            tar.finish();
        }
        ParallelFsync.forceAll(List.of(part));
        return new Counted(files, bytes);
    }

    private static void put(TarArchiveOutputStream tar, Path p, String name, int mode, Path content) throws IOException {
        TarArchiveEntry e = tar.createArchiveEntry(p, name);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        if (content != null) {
            try (InputStream in = ArchiveFiles.open(content)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    /**
     * The root, the manifest (first, so that import recognises an export), then the directories and
     * regular files in name order, without the lock and Maildir tmp/ files. A link, device or FIFO
     * is refused, naming it: an archive holds only data.
     */
    private static List<Path> entries(Path root) throws IOException {
        Path manifest = root.resolve(ArchiveManifest.FILE_NAME);
        List<Path> out = new java.util.ArrayList<>(List.of(root, manifest));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                if (p.equals(root) || p.equals(manifest)) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                } else if (!isLeftover(p)) {
                    ArchiveFiles.requireRegular(p);
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The run lock, or a file in a Maildir's {@code tmp/} (beside {@code cur/}): never part of the archive. */
    private static boolean isLeftover(Path file) {
        Path dir = file.getParent();
        return file.getFileName().toString().equals(ArchiveLock.FILE_NAME)
                || dir.getFileName().toString().equals("tmp") && Files.isDirectory(dir.resolveSibling("cur"));
    }
}
