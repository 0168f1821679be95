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

/** {@code mailferry export}: a whole archive as one compressed tar file, or messages as .eml files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a whole archive as one compressed tar file, streamed (no temporary copy).",
                "The compression follows the file name: .tar.zst, .tar.gz, .tar.xz or .tar. Read it back with",
                "mailferry import, or with tar --zstd -xf FILE.",
                "With --format eml: write messages as .eml files (DIR/FOLDER/UID.eml, the archived bytes),",
                "all of them or those the search options select, for someone without a mail server."},
        footer = {"", "Examples:", "  mailferry export --from maildir:/backups/alice --to /media/usb/alice.tar.zst",
                "  mailferry export --from /backups/alice --format eml --to ~/invoice --uid Work:1207"})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "The archive: maildir:DIR or mbox:DIR.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The file to write, e.g. alice.tar.zst.")
    Path to;

    @Option(names = "--force", description = "Replace the file if it exists (without it an existing file is refused).")
    boolean force;

    @Option(names = "--format", paramLabel = "tar|eml", defaultValue = "tar",
            description = "tar (default): the whole archive in one file; eml: one .eml file per message into the directory --to.")
    String format;

    @Mixin
    QueryOptions messages;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        if (format.equals("eml")) {
            try (org.mailferry.archive.ArchiveStore store = org.mailferry.verify.ArchiveLocator.openForReading(from)) {
                org.mailferry.catalog.EmlExporter.Result r = org.mailferry.catalog.EmlExporter.export(store,
                        messages.query(), to);
                spec.commandLine().getOut().printf(Locale.ROOT, "exported %d messages (%.1f MB) of %s as .eml files into %s%n",
                        r.messages(), r.bytes() / 1e6, from, r.dir());
                return ExitCode.OK.code();
            }
        }
        if (!format.equals("tar")) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "--format " + format + ": tar or eml");
        }
        if (!messages.query().isEmpty()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "selecting messages (--uid, --message-id, --sender, …) needs --format eml: a tar export holds the whole archive");
        }
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
