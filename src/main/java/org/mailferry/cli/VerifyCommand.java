package org.mailferry.cli;

import java.util.concurrent.Callable;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapEndpoint;
import org.mailferry.imap.ImapTuning;
import org.mailferry.store.StoreUri;
import org.mailferry.verify.ArchiveLocator;
import org.mailferry.verify.ArchiveReport;
import org.mailferry.verify.ArchiveVerifier;
import org.mailferry.verify.LiveReport;
import org.mailferry.verify.VerifyPrinter;
import org.mailferry.verify.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailferry verify}: re-reads an archive, and optionally compares it with the live mailbox. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-read every message of an archive and check it against the archive's indexes and manifest.",
                "With --against, also compare the archive with the live mailbox (metadata only: no body is downloaded)."},
        footer = {"", "Exit codes: 0 intact (and, with --against, the same as the mailbox); 14 damaged (each bad message",
                "is named with its file and offset); 3 intact but different from the mailbox.", "", "Examples:",
                "  mailferry verify /backups/alice",
                "  mailferry verify mbox:/backups/bob --against imaps://bob@mail.example.org --password-file ~/.bob-pass --json"})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive: maildir:DIR, mbox:DIR, or a directory (its kind is recognised).")
    String archive;

    @Option(names = "--against", paramLabel = "URI", description = "Compare with this mailbox: imaps://USER@HOST[:PORT] or imap://USER@HOST[:PORT]?starttls=required.")
    String against;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Mixin
    AuthOptions auth;

    @Mixin
    TlsOptions tls;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        StoreUri mailbox = against == null ? null : auth.complete(StoreUri.parse(against));
        if (mailbox != null && !mailbox.isImap()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "--against must be an IMAP mailbox (imaps://USER@HOST)");
        }
        try (ArchiveStore store = ArchiveLocator.openForReading(archive)) {
            ArchiveReport report = ArchiveVerifier.verify(store);
            var err = spec.commandLine().getErr();
            LiveReport live = mailbox == null ? null : LiveReport.compare(store, new ImapEndpoint(mailbox,
                    auth.credentials(mailbox, EngineOptions.defaultStateDir(), err), tls.settings(err),
                    ImapTuning.DEFAULT));
            VerifyResult result = new VerifyResult(report, live);
            VerifyPrinter.print(result, json, spec.commandLine().getOut());
            return result.exitCode().code();
        }
    }
}
