package org.mailferry.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.SafeText;

/**
 * Opens archive files for reading as data, never as pointers: a symbolic link, a device or a
 * FIFO where a message, mbox or index file should be is refused, naming the path (exit 14 for
 * that folder; the other folders go on), and every open uses {@code NOFOLLOW_LINKS}, so a link
 * swapped in after the check fails too. A hostile archive can thus never make restore or verify
 * read a file outside it. Stateless, thread-safe.
 */
public final class ArchiveFiles {

    private ArchiveFiles() {
    }

    /** The attributes of {@code file}, which must be a regular file and not a link; a missing file throws. */
    public static BasicFileAttributes requireRegular(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String problem = problem(a);
        if (problem != null) {
            throw refused(file, problem);
        }
        return a;
    }

    /** What is wrong with a file of these attributes in an archive, or null for a regular file. */
    public static String problem(BasicFileAttributes a) {
        if (a.isRegularFile()) {
            return null;
        }
        return a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
                : "a device, FIFO or socket";
    }

    /** Opens a regular archive file for reading without following a link. */
    public static InputStream open(Path file) throws IOException {
        requireRegular(file);
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** The bytes of a regular archive file (a sidecar, a state file), read without following a link. */
    public static byte[] readAllBytes(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /** A UTF-8 reader of a regular archive file, opened without following a link. */
    public static java.io.BufferedReader reader(Path file) throws IOException {
        return new java.io.BufferedReader(new java.io.InputStreamReader(open(file), java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Refuses {@code dir} and every directory between {@code root} and it that exists but is not
     * a directory of its own (a link to a directory elsewhere, a file): reading or writing a
     * folder through it would read or write outside the archive. Missing ones are fine (they are
     * created as directories).
     */
    public static void requireRealDirectories(Path root, Path dir) {
        Path rel = root.relativize(dir);
        Path p = root;
        for (Path segment : rel) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            p = p.resolve(segment);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException missing) {
                return;
            }
            if (a.isSymbolicLink() || a.isOther()) {
                throw new MailferryException(FailureScope.FOLDER, ExitCode.ARCHIVE, "refused " + SafeText.escape(p.toString())
                        + ": it is " + (a.isSymbolicLink() ? "a symbolic link" : "a device or FIFO") + ", not a folder directory of the"
                        + " archive; an archive holds only data (remove it, or put the folder it stands for in its place)");
            }
            if (!a.isDirectory()) { // a file where the folder's directory goes: this folder cannot be written
                throw MailferryException.folder("cannot use " + SafeText.escape(p.toString()) + " as a folder directory: a file of that name is in"
                        + " its place (this folder's name cannot be used here; move the file away)", null);
            }
        }
    }

    /** Opens a regular archive file as a read-only channel without following a link. */
    public static FileChannel channel(Path file) throws IOException {
        requireRegular(file);
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether {@code file} exists as itself (a dangling link exists too, and is then refused when read). */
    public static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** A folder-scope failure with exit code 14 that names the path: the other folders go on. */
    public static MailferryException refused(Path file, String problem) {
        return new MailferryException(FailureScope.FOLDER, ExitCode.ARCHIVE, "refused " + SafeText.escape(file.toString()) + ": it is " + problem
                + ", not a regular file; an archive holds only data (remove it, or restore the file it stands for)");
    }

    /** {@link #requireRegular} for callers that treat a vanished file themselves. */
    public static boolean isRegularOrRefuse(Path file) throws IOException {
        try {
            requireRegular(file);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
