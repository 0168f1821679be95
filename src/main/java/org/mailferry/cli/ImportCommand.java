package org.mailferry.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import org.mailferry.transfer.ArchiveImporter;
import org.mailferry.transfer.TransferSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailferry import}: unpacks a file written by {@code export} into a new archive directory. */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Unpack a file written by mailferry export into a new archive directory.",
        description = {"Unpack a file written by mailferry export into a new archive directory, restoring file",
                "names and modification times (a Maildir message's INTERNALDATE) with owner-only permissions.",
                "Anything but a mailferry export (its manifest first) is refused (exit 2), and so are links, absolute",
                "names and names with ..; a truncated file is named with its offset (exit 14). Check the result with",
                "mailferry verify."},
        footer = {"", "Example:", "  mailferry import --from /media/usb/alice.tar.zst --to maildir:/restore/alice"})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The file written by export (.tar.zst, .tar.gz, .tar.xz, .tar).")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "The new archive: maildir:DIR or mbox:DIR; DIR must not exist or be empty.")
    String to;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = SizeConverter.class, description = "Unpack at most SIZE bytes, e.g. 50GB (default: 200 times the file's size; never more than the target's free space).")
    long maxSize;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        StoreUri archive = StoreUri.parse(to);
        if (archive.isImap()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "--to must be an archive directory (maildir:DIR or mbox:DIR); to put mail on a server use restore");
        }
        TransferSummary s = ArchiveImporter.importArchive(from, archive.path(), maxSize);
        spec.commandLine().getOut().printf(Locale.ROOT, "imported %d files (%.1f MB) from %s into %s%n",
                s.files(), s.bytes() / 1e6, s.file(), to);
        return ExitCode.OK.code();
    }
}
