package org.mailferry.transfer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.Compression;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.ParallelFsync;
import org.mailferry.util.PrivateFiles;
import org.mailferry.util.SafeText;

/**
 * Unpacks an exported archive (format: {@code package-info}) into a new directory: only
 * directories and regular files, only below the tar's one top directory, files 0600 with their
 * modification times, directories 0700. Extracts into a hidden sibling and renames it into place
 * once everything is durable, so the target is complete or absent. Stateless.
 */
public final class ArchiveImporter {

    private static final int FSYNC_BATCH = 256;
    /** Without --max-size, at most this many times the file's size is unpacked (mail compresses far less). */
    static final long DEFAULT_RATIO = 200;
    private static final long FREE_SPACE_RESERVE = 64L << 20;
    private static final long MAX_MANIFEST_BYTES = 16L << 20;
    /** What each entry costs against the limit beyond its bytes: an inode and a block, so empty files cannot flood a disk. */
    static final long ENTRY_COST = 4096;

    private ArchiveImporter() {
    }

    public static TransferSummary importArchive(Path tarFile, Path targetDir) {
        return importArchive(tarFile, targetDir, 0);
    }

    /**
     * @param maxBytes at most this many bytes are unpacked (0: {@value #DEFAULT_RATIO} times the
     *                 file's size plus 64 MB); never more than the target's free space less a reserve
     */
    public static TransferSummary importArchive(Path tarFile, Path targetDir, long maxBytes) {
        if (!Files.isRegularFile(tarFile)) {
            throw new org.mailferry.error.MailferryException(org.mailferry.error.FailureScope.STORE,
                    org.mailferry.error.ExitCode.USAGE, (Files.isDirectory(tarFile) ? tarFile + " is a directory"
                    : "no file " + tarFile) + ": --from names the file written by mailferry export (.tar.zst, .tar.gz, .tar.xz, .tar)");
        }
        Path target = targetDir.toAbsolutePath().normalize();
        requireEmptyOrAbsent(target);
        long limit = limit(tarFile, target, maxBytes);
        Path staging;
        try { // a fresh name: never a directory someone else made beforehand in a shared parent
            staging = PrivateFiles.createTempDirectory(target.getParent(), "." + target.getFileName() + ".importing-");
        } catch (IOException e) {
            throw ArchiveErrors.write(target, e);
        }
        try {
            TransferSummary summary = extract(tarFile, staging, target, limit);
            Files.deleteIfExists(target);
            PrivateFiles.moveAtomically(staging, target);
            PrivateFiles.fsyncDirectory(target.getParent());
            return summary;
        } catch (IOException e) {
            deleteTree(staging, e);
            MailferryException failure = ArchiveErrors.write(target, e);
            throw failure.exitCode() == ExitCode.ARCHIVE ? failure // never "partial": nothing was imported
                    : MailferryException.archive(failure.getMessage() + "; nothing was imported", e);
        } catch (RuntimeException e) {
            deleteTree(staging, e);
            throw e;
        }
    }

    private static TransferSummary extract(Path tarFile, Path staging, Path target, long limit) throws IOException {
        long files = 0;
        long bytes = 0;
        String top = null;
        boolean manifestSeen = false;
        List<Path> written = new ArrayList<>();
        List<Path> dirs = new ArrayList<>(List.of(staging));
        long entryEnd = 0; // where the tar's last entry ends: its end-of-archive record must follow
        try (CountingInputStream raw = new CountingInputStream(new BufferedInputStream(Files.newInputStream(tarFile), 1 << 16));
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(tarFile, raw), "UTF-8")) {
            for (TarArchiveEntry e = next(tar, raw, tarFile, manifestSeen); e != null; e = next(tar, raw, tarFile, true)) {
                String name = e.getName();
                entryEnd = tar.getBytesRead() + (e.isDirectory() ? 0 : (e.getSize() + 511) / 512 * 512);
                if (top == null) {
                    top = segments(name).stream().findFirst().orElse("");
                }
                Path to = resolve(staging, tarFile, name, top);
                bytes = charge(tarFile, name, bytes, ENTRY_COST, limit);
                if (e.isDirectory()) {
                    PrivateFiles.createDirectories(to);
                    dirs.add(to);
                    continue;
                }
                InputStream content = tar;
                if (!manifestSeen) {
                    requireManifestFirst(tarFile, name, top, e);
                    content = new java.io.ByteArrayInputStream(manifest(tar, raw, tarFile));
                    manifestSeen = true;
                }
                if (e.isSparse()) {
                    throw refused(tarFile, name, "a sparse file (its holes would unpack to far more than it declares);"
                            + " mailferry export never writes one");
                }
                if (e.getLinkFlag() == TarConstants.LF_NORMAL || e.getLinkFlag() == TarConstants.LF_OLDNORM) {
                    charge(tarFile, name, bytes, e.getSize(), limit);
                    PrivateFiles.createDirectories(to.getParent());
                    if (Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw refused(tarFile, name, "a file of that name occurs twice in the export");
                    }
                    try (OutputStream out = Channels.newOutputStream(
                            PrivateFiles.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                        bytes += copy(content, tar, out, raw, tarFile, name, bytes, limit);
                    }
                    Files.setLastModifiedTime(to, FileTime.from(e.getLastModifiedTime().toInstant()));
                    files++;
                    written.add(to);
                    if (written.size() == FSYNC_BATCH) {
                        ParallelFsync.forceAll(written);
                        written.clear();
                    }
                } else {
                    throw refused(tarFile, name, "only directories and regular files are imported, this is a "
                            + (e.isSymbolicLink() || e.isLink() ? "link" : "special file (type " + (char) e.getLinkFlag() + ")"));
                }
            }
            if (manifestSeen && tar.getBytesRead() < entryEnd + 512) { // the stream ended where an entry could begin
                throw MailferryException.archive(tarFile + " is truncated at byte " + raw.count() + " of the file (byte "
                        + tar.getBytesRead() + " of the tar): it ends after an entry, without the tar's end-of-archive"
                        + " record; nothing was imported", null);
            }
        }
        if (!manifestSeen) {
            throw notAnExport(tarFile, "it holds no " + ArchiveManifest.FILE_NAME);
        }
        if (!written.isEmpty()) {
            ParallelFsync.forceAll(written);
        }
        for (Path d : dirs) {
            PrivateFiles.fsyncDirectory(d);
        }
        return new TransferSummary(tarFile, target, files, bytes, Files.size(tarFile));
    }

    /** The next entry; a stream that ends or breaks inside it is truncated or corrupt (exit 14, offset named). */
    private static TarArchiveEntry next(TarArchiveInputStream tar, CountingInputStream raw, Path tarFile, boolean started) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            if (!started) {
                throw notAnExport(tarFile, "it is not a tar file (" + e.getMessage() + ")");
            }
            throw corrupt(tarFile, raw, tar, e);
        }
    }

    /** {@code bytes + more}, or the decompression-bomb error when that passes the limit. */
    private static long charge(Path tarFile, String name, long bytes, long more, long limit) {
        if (more < 0 || bytes + more > limit) {
            throw MailferryException.archive(tarFile + ": entry \"" + SafeText.escape(name) + "\" would unpack beyond " + limit
                    + " bytes (a size limit against decompression bombs, and the free space of the target);"
                    + " pass --max-size to allow more; nothing was imported", null);
        }
        return bytes + more;
    }

    /**
     * Copies the current entry's bytes, never beyond the limit (whatever the entry declared): a
     * failure to read is the file's, a failure to write the target's.
     */
    private static long copy(InputStream from, TarArchiveInputStream tar, OutputStream out, CountingInputStream raw,
                             Path tarFile, String name, long before, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        while (true) {
            int r;
            try {
                r = from.read(buffer);
            } catch (IOException | IllegalArgumentException e) {
                throw corrupt(tarFile, raw, tar, e);
            }
            if (r < 0) {
                return n;
            }
            charge(tarFile, name, before + n, r, limit);
            out.write(buffer, 0, r);
            n += r;
        }
    }

    /** The first file of an export is its manifest: anything else is not a mailferry export (exit 2). */
    private static void requireManifestFirst(Path tarFile, String name, String top, TarArchiveEntry e) {
        if (!name.equals(top + "/" + ArchiveManifest.FILE_NAME) || e.getSize() > MAX_MANIFEST_BYTES) {
            throw notAnExport(tarFile, "its first file is \"" + SafeText.escape(name) + "\", not "
                    + SafeText.escape(top) + "/" + ArchiveManifest.FILE_NAME);
        }
    }

    /** The manifest's bytes, which must say they are a mailferry archive manifest. */
    private static byte[] manifest(TarArchiveInputStream tar, CountingInputStream raw, Path tarFile) {
        byte[] bytes;
        try {
            bytes = tar.readAllBytes();
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(tarFile, raw, tar, e);
        }
        String format;
        try {
            format = org.mailferry.util.Json.MAPPER.readTree(bytes).path("format").asString("");
        } catch (RuntimeException e) {
            format = "";
        }
        if (!ArchiveManifest.FORMAT.equals(format)) {
            throw notAnExport(tarFile, "its " + ArchiveManifest.FILE_NAME + " is not a mailferry archive manifest");
        }
        return bytes;
    }

    private static long limit(Path tarFile, Path target, long maxBytes) {
        long size;
        long free;
        try {
            size = Files.size(tarFile);
            Path existing = target;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            free = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace() - FREE_SPACE_RESERVE;
        } catch (IOException e) {
            throw ArchiveErrors.read(tarFile, e);
        }
        long wanted = maxBytes > 0 ? maxBytes : DEFAULT_RATIO * size + (64L << 20);
        return Math.max(0, Math.min(wanted, free));
    }

    private static MailferryException notAnExport(Path tarFile, String why) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, tarFile + " is not a mailferry export: " + why
                + "; import only reads files written by mailferry export");
    }

    private static MailferryException corrupt(Path tarFile, CountingInputStream raw, TarArchiveInputStream tar, Exception e) {
        return MailferryException.archive(tarFile + " is truncated or corrupt at byte " + raw.count() + " of the file"
                + " (byte " + tar.getBytesRead() + " of the tar): " + e.getMessage() + "; nothing was imported", e);
    }

    /** The entry's place in the staging directory, below the common top directory; refuses any way out. */
    private static Path resolve(Path staging, Path tarFile, String name, String top) {
        if (name.startsWith("/") || name.contains("\\")) {
            throw refused(tarFile, name, "absolute or Windows-style names are refused");
        }
        List<String> parts = segments(name);
        if (parts.contains("..")) {
            throw refused(tarFile, name, "names with .. are refused");
        }
        if (parts.isEmpty() || !parts.get(0).equals(top)) {
            throw refused(tarFile, name, "every entry must be below the top directory " + top + "/");
        }
        Path to = staging;
        for (String p : parts.subList(1, parts.size())) {
            to = to.resolve(p);
        }
        if (!to.normalize().startsWith(staging)) {
            throw refused(tarFile, name, "it would land outside the target");
        }
        return to;
    }

    /** The name's path segments, without empty and {@code .} ones. */
    private static List<String> segments(String name) {
        List<String> parts = new ArrayList<>(List.of(name.split("/")));
        parts.removeIf(p -> p.isEmpty() || p.equals("."));
        return parts;
    }

    private static InputStream decompressed(Path tarFile, InputStream raw) throws IOException {
        raw.mark(8);
        byte[] head = raw.readNBytes(6);
        raw.reset();
        return Compression.ofMagic(head).orElse(Compression.NONE).decompress(raw);
    }

    private static void requireEmptyOrAbsent(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw MailferryException.archive("cannot import into " + target
                        + ": it is not empty; name a new directory", null);
            }
        } catch (IOException e) {
            throw ArchiveErrors.read(target, e);
        }
    }

    private static MailferryException refused(Path tarFile, String name, String why) {
        return MailferryException.archive(tarFile + ": entry \"" + SafeText.escape(name) + "\" refused: " + why
                + "; nothing was imported", null);
    }

    private static void deleteTree(Path dir, Exception failure) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
