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
import org.mailferry.job.RoleMapping;
import org.mailferry.store.FolderPath;
import org.mailferry.store.StoreUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailferry restore}: a Maildir or mbox archive back into a mailbox with IMAP APPEND. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a Maildir or mbox archive into a mailbox with IMAP APPEND: exact bytes, flags, keywords, internal dates.",
                "Resumable and idempotent: after a crash run the same command again; a finished restore run again appends nothing."},
        footer = {"", "Examples:",
                "  mailferry restore --from maildir:/backups/alice --target imaps://alice@company.com@outlook.office365.com",
                "  mailferry restore --from mbox:/backups/bob --target imaps://bob@mail.example.org --into 'Restored/2026-11-25' --folders 'Projects/*'",
                "  mailferry restore --from maildir:/backups/alice --target imaps://alice@mail.example.org --dry-run"})
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "Archive to restore: maildir:DIR or mbox:DIR.")
    String from;

    @Option(names = "--target", required = true, paramLabel = "URI", description = "Mailbox to restore into: imaps://USER@HOST[:PORT] or imap://USER@HOST?starttls=required (or an archive, to convert).")
    String target;

    @Option(names = "--into", paramLabel = "FOLDER", description = "Restore below this folder (e.g. Restored/2026-11-25) instead of merging into the mailbox's folders.")
    String into;

    @Option(names = "--folders", paramLabel = "GLOB", description = "Only archive folders matching GLOB (repeatable). Default: all.")
    List<String> folders = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip archive folders matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the plan (folders to create, messages and bytes per folder) and change nothing.")
    boolean dryRun;

    @Option(names = "--max-message-size", paramLabel = "SIZE", description = "Skip (and report) messages larger than SIZE, e.g. 35MB; the server's APPENDLIMIT applies anyway.",
            converter = SizeConverter.class)
    long maxMessageSize;

    @Option(names = "--connections", defaultValue = "4", paramLabel = "N", description = "Folders restored in parallel, one connection each (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--chunk-size", defaultValue = "100", paramLabel = "N", description = "Messages per commit (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--json", description = "Print the summary (or the plan) as JSON on stdout.")
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
        StoreUri src = StoreUri.parse(from);
        StoreUri dst = StoreUri.parse(target);
        if (src.isImap()) {
            throw usage("--from must be an archive (maildir:DIR or mbox:DIR); to copy between mailboxes use migrate");
        }
        if (connections < 1 || chunkSize < 1) {
            throw usage("--connections and --chunk-size must be at least 1");
        }
        FolderPath prefix = into == null || into.isBlank() ? null : FolderPath.of(into);
        var err = spec.commandLine().getErr();
        CopyRun.Request request = new CopyRun.Request(CopyJobConfiguration.RESTORE, src, null, dst,
                dst.isImap() ? new PasswordCredentials(dst.user(), password.secret(dst.user() + "@" + dst.host())) : null,
                new FolderSelection(folders, excludes), t -> new RoleMapping(t.listFolders(), prefix), connections,
                chunkSize, maxMessageSize, tls.settings(err), ImapTuning.DEFAULT, engine.settings(), json, !noProgress);
        if (dryRun) {
            return DryRun.print(request, spec.commandLine().getOut());
        }
        return CopyRun.execute(request, spec.commandLine().getOut(), err);
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
