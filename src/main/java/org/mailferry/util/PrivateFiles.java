package org.mailferry.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files readable by their owner only (0600 files, 0700 directories) and atomic, durable small
 * file writes. Mail is private: every file mailferry creates goes through here.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates the directory and missing parents; the ones created here get mode 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return abs;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
            } else {
                Files.createDirectory(abs);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return abs;
    }

    /**
     * Creates the directory like {@link #createDirectories}, and makes it 0700 if it existed with
     * looser modes: for directories that are mailferry's own (the job database's, the locks').
     */
    public static Path createOwnDirectory(Path dir) throws IOException {
        Path abs = createDirectories(dir);
        if (POSIX && !Files.getPosixFilePermissions(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(DIR)) {
            Files.setPosixFilePermissions(abs, DIR);
        }
        return abs;
    }

    /** A new directory (mode 0700) in {@code parent}, its name {@code prefix} plus a random part: never one that existed. */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        createDirectories(parent);
        return POSIX ? Files.createTempDirectory(parent, prefix, PosixFilePermissions.asFileAttribute(DIR))
                : Files.createTempDirectory(parent, prefix);
    }

    /**
     * Opens a channel creating the file with mode 0600 if it does not exist. Never through a
     * symbolic link (a link planted where mailferry writes would make it write elsewhere).
     */
    public static FileChannel open(Path file, StandardOpenOption... options) throws IOException {
        Set<java.nio.file.OpenOption> o = new java.util.HashSet<>(Set.of(options));
        o.add(java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(file, o, fileAttributes());
    }

    /** Writes {@code bytes} to {@code target} atomically: {@code target.new}, fsync, rename, fsync dir. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(tmp); // whatever is there (a leftover, a planted link or FIFO) is not opened
        try (FileChannel ch = open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        moveAtomically(tmp, target);
        fsyncDirectory(target.getParent());
    }

    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes every file directly in {@code dir} readable by the owner only: for files other code
     * creates with the default umask (the H2 job database).
     */
    public static void restrictFilesIn(Path dir) throws IOException {
        if (!POSIX || !Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(f, FILE);
            }
        }
    }

    /** Makes a directory's entries (creations, renames) durable. A no-op where unsupported. */
    public static void fsyncDirectory(Path dir) throws IOException {
        if (dir == null || !POSIX) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
