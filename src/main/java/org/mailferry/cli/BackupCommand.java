package org.mailferry.cli;

import java.util.concurrent.Callable;
import org.mailferry.run.CopyRequest;
import org.mailferry.auth.Credentials;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.CopyJobConfiguration;
import org.mailferry.job.CopyOptions;
import org.mailferry.job.RateLimit;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.StoreUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailferry backup}: every folder of an IMAP mailbox into a Maildir or mbox archive. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up every folder of an IMAP mailbox into a Maildir or mbox archive.",
                "Resumable: after a crash or kill, run the same command again. Incremental: later runs copy only new mail and flag changes."},
        footer = {"", "Examples:",
                "  mailferry backup --source imaps://alice@company.com@outlook.office365.com --to maildir:/backups/alice",
                "  mailferry backup --source imaps://bob@127.0.0.1:10993 --to mbox:/backups/bob --folders INBOX --folders 'Projects/*' --exclude Trash --password-file ~/.bob-pass"})
public final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--source", required = true, paramLabel = "URI", description = "Mailbox to back up: imaps://USER@HOST[:PORT] (993, TLS) or imap://USER@HOST[:PORT]?starttls=required.")
    String source;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "Archive: maildir:DIR or mbox:DIR.")
    String to;

    @Option(names = "--keep-deleted-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Retention: remove from the archive messages that left the server at least DURATION ago (e.g. 90d; 0 removes them at once). Off by default: a backup keeps everything.")
    java.time.Duration keepDeletedFor;

    @Mixin
    FilterOptions filter;

    @Mixin
    AuthOptions auth;

    @Mixin
    NotifyOptions notify;

    @Mixin
    CompressionOption compression;

    @Mixin
    TlsOptions tls;

    @Mixin
    EngineOptions engine;

    @Mixin
    SharedFoldersOption shared;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        StoreUri src = auth.complete(StoreUri.parse(source));
        StoreUri dst = StoreUri.parse(to);
        if (!src.isImap()) {
            throw usage("--source must be an IMAP mailbox (imaps://USER@HOST); to convert archives use restore");
        }
        if (dst.isImap()) {
            throw usage("--to must be an archive (maildir:DIR or mbox:DIR); to copy between mailboxes use migrate");
        }
        run.validate();
        org.mailferry.store.MessageRange range = filter.range();
        var err = spec.commandLine().getErr();
        var settings = engine.settings();
        Credentials credentials = auth.credentials(src, settings.stateDir(), err);
        TlsSettings tlsSettings = tls.settings(err);
        var mailer = notify.mailer(src, auth, credentials, tlsSettings, settings.stateDir(), err);
        CopyRequest request = new CopyRequest(CopyJobConfiguration.BACKUP, src, credentials, dst, null,
                run.selection(), target -> FolderInfo::path, new CopyOptions(run.connections, run.chunkSize,
                        RateLimit.NONE, false, keepDeletedFor).withFilter(range),
                0, tlsSettings, run.tuning(), settings, run.json, !run.noProgress, compression.compressionFor(dst),
                new ImapPolicy(shared.includeShared, ImapPolicy.AppendCheck.NONE, true));
        return RunPresenter.copy(request, mailer, spec.commandLine().getOut(), err);
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
