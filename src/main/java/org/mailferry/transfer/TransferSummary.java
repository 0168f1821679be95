package org.mailferry.transfer;

import java.nio.file.Path;

/**
 * What an export or import moved.
 *
 * @param file        the tar file
 * @param directory   the archive directory
 * @param files       regular files moved
 * @param bytes       their total size
 * @param fileBytes   size of the tar file as stored (compressed)
 */
public record TransferSummary(Path file, Path directory, long files, long bytes, long fileBytes) {
}
