package org.mailferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.auth.PasswordCredentials;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapTuning;
import org.mailferry.job.CopyJobConfiguration;
import org.mailferry.job.FolderSelection;
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

    @Option(names = "--source", required = true, paramLabel = "URI", description = "Mailbox to back up: imaps://USER@HOST[:PORT] (993, TLS) or imap://USER@HOST[:PORT]?starttls=required.")
    String source;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "Archive: maildir:DIR or mbox:DIR.")
    String to;

    @Option(names = "--folders", paramLabel = "GLOB", description = "Only folders matching GLOB (repeatable; * matches anything, also /). Default: all.")
    List<String> folders = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip folders matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--connections", defaultValue = "4", paramLabel = "N", description = "Folders backed up in parallel, one connection each (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--chunk-size", defaultValue = "100", paramLabel = "N", description = "Messages per commit (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--json", description = "Print the summary as JSON on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Mixin
    PasswordOptions password;

    @Mixin
    TlsOptions tls;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        StoreUri src = StoreUri.parse(source);
        StoreUri dst = StoreUri.parse(to);
        if (!src.isImap()) {
            throw usage("--source must be an IMAP mailbox (imaps://USER@HOST); to convert archives use restore");
        }
        if (dst.isImap()) {
            throw usage("--to must be an archive (maildir:DIR or mbox:DIR); to copy between mailboxes use migrate");
        }
        if (connections < 1 || chunkSize < 1) {
            throw usage("--connections and --chunk-size must be at least 1");
        }
        var err = spec.commandLine().getErr();
        CopyRun.Request request = new CopyRun.Request(CopyJobConfiguration.BACKUP, src,
                new PasswordCredentials(src.user(), password.secret(src.user() + "@" + src.host())), dst, null,
                new FolderSelection(folders, excludes), target -> FolderInfo::path, connections, chunkSize, 0,
                tls.settings(err),
                ImapTuning.DEFAULT, engine.settings(), json, !noProgress);
        return CopyRun.execute(request, spec.commandLine().getOut(), err);
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
