package org.mailferry.cli;

import org.mailferry.archive.Compression;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import picocli.CommandLine.Option;

/**
 * {@code --compress [zstd|gzip|xz]}: compress the mbox files of an archive (zstd when no value is
 * given). Applies to folders the run creates; a folder keeps the compression it was created with.
 */
public final class CompressionOption {

    @Option(names = "--compress", arity = "0..1", fallbackValue = "zstd", paramLabel = "zstd|gzip|xz",
            description = "Compress new mbox files (zstd when no value is given); each committed chunk is a complete"
                    + " compressed unit, readable by zstd -dc, zcat or xzcat. mbox archives only.")
    String compress;

    /** The compression new folders of {@code target} get; a usage error for a Maildir target. */
    public Compression compressionFor(StoreUri target) {
        Compression c = compress == null ? Compression.NONE : Compression.parse(compress);
        if (c != Compression.NONE && target.kind() != StoreUri.Kind.MBOX) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "--compress applies to mbox archives;"
                    + " a Maildir stays one file per message (Dovecot serves it): use mailferry export for a compressed copy");
        }
        return c;
    }
}
