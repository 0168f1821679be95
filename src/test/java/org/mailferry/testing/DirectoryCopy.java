package org.mailferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Copies a directory tree with its files' times (an archive copied for a test reads as the
 * original: mtimes are part of an archive's state). What tests use to start from a backup made
 * once per class instead of making the same backup again.
 */
public final class DirectoryCopy {

    private DirectoryCopy() {
    }

    /** Copies {@code from} and everything under it to {@code to}, which must not exist. */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
