package org.mailferry.transfer;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.mailferry.archive.Compression;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/** What the name of an export file says about its compression, and the tar settings both ends share. Stateless. */
final class TarFormat {

    private static final Map<String, Compression> SUFFIXES = Map.of(
            ".tar.zst", Compression.ZSTD, ".tzst", Compression.ZSTD,
            ".tar.gz", Compression.GZIP, ".tgz", Compression.GZIP,
            ".tar.xz", Compression.XZ, ".txz", Compression.XZ,
            ".tar", Compression.NONE);

    private TarFormat() {
    }

    /** The compression the file name asks for; a usage error naming the choices otherwise. */
    static Compression compressionOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return SUFFIXES.entrySet().stream().filter(e -> name.endsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new MailferryException(FailureScope.STORE, ExitCode.USAGE, "cannot tell the format of "
                        + file + " from its name: end it with .tar.zst, .tar.gz, .tar.xz or .tar"));
    }

    /** A tar writer with pax headers for long or non-ASCII names and large sizes. */
    static TarArchiveOutputStream writer(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }
}
