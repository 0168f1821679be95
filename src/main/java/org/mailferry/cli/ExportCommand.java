package org.mailferry.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import org.mailferry.transfer.ArchiveExporter;
import org.mailferry.transfer.TransferSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailferry export}: a whole archive as one compressed tar file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a whole archive as one compressed tar file, streamed (no temporary copy).",
                "The compression follows the file name: .tar.zst, .tar.gz, .tar.xz or .tar. Read it back with",
                "mailferry import, or with tar --zstd -xf FILE."},
        footer = {"", "Example:", "  mailferry export --from maildir:/backups/alice --to /media/usb/alice.tar.zst"})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "The archive: maildir:DIR or mbox:DIR.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The file to write, e.g. alice.tar.zst.")
    Path to;

    @Option(names = "--force", description = "Replace the file if it exists (without it an existing file is refused).")
    boolean force;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        StoreUri archive = StoreUri.parse(from);
        if (archive.isImap()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "--from must be an archive (maildir:DIR or mbox:DIR); back a mailbox up first");
        }
        TransferSummary s = ArchiveExporter.export(archive.path(), to, force);
        spec.commandLine().getOut().printf(Locale.ROOT, "exported %d files (%.1f MB) of %s to %s (%.1f MB)%n",
                s.files(), s.bytes() / 1e6, from, s.file(), s.fileBytes() / 1e6);
        return ExitCode.OK.code();
    }
}
