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
import org.mailferry.archive.Compression;
import org.mailferry.error.MailferryException;
import org.mailferry.util.ParallelFsync;
import org.mailferry.util.PrivateFiles;

/**
 * Unpacks an exported archive (format: {@code package-info}) into a new directory: only
 * directories and regular files, only below the tar's one top directory, files 0600 with their
 * modification times, directories 0700. Extracts into a hidden sibling and renames it into place
 * once everything is durable, so the target is complete or absent. Stateless.
 */
public final class ArchiveImporter {

    private static final int FSYNC_BATCH = 256;

    private ArchiveImporter() {
    }

    public static TransferSummary importArchive(Path tarFile, Path targetDir) {
        Path target = targetDir.toAbsolutePath().normalize();
        requireEmptyOrAbsent(target);
        Path staging = target.resolveSibling("." + target.getFileName() + ".importing-" + ProcessHandle.current().pid());
        try {
            PrivateFiles.createDirectories(staging);
            TransferSummary summary = extract(tarFile, staging, target);
            Files.deleteIfExists(target);
            PrivateFiles.moveAtomically(staging, target);
            PrivateFiles.fsyncDirectory(target.getParent());
            return summary;
        } catch (IOException e) {
            deleteTree(staging, e);
            throw ArchiveErrors.write(target, e);
        } catch (RuntimeException e) {
            deleteTree(staging, e);
            throw e;
        }
    }

    private static TransferSummary extract(Path tarFile, Path staging, Path target) throws IOException {
        long files = 0;
        long bytes = 0;
        String top = null;
        List<Path> written = new ArrayList<>();
        List<Path> dirs = new ArrayList<>(List.of(staging));
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarFile), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(tarFile, raw), "UTF-8")) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName();
                if (top == null) {
                    top = segments(name).stream().findFirst().orElse("");
                }
                Path to = resolve(staging, tarFile, name, top);
                if (e.isDirectory()) {
                    PrivateFiles.createDirectories(to);
                    dirs.add(to);
                } else if (e.getLinkFlag() == TarConstants.LF_NORMAL || e.getLinkFlag() == TarConstants.LF_OLDNORM) {
                    PrivateFiles.createDirectories(to.getParent());
                    try (OutputStream out = Channels.newOutputStream(
                            PrivateFiles.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                        bytes += tar.transferTo(out);
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
        }
        if (!written.isEmpty()) {
            ParallelFsync.forceAll(written);
        }
        for (Path d : dirs) {
            PrivateFiles.fsyncDirectory(d);
        }
        return new TransferSummary(tarFile, target, files, bytes, Files.size(tarFile));
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
        return MailferryException.archive(tarFile + ": entry \"" + name + "\" refused: " + why
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
