package org.mailferry.cli;

import java.util.concurrent.Callable;
import org.mailferry.run.CopyPlan;
import org.mailferry.run.CopyRequest;
import org.mailferry.run.PlanResolver;
import org.mailferry.run.Launch;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.CopyJobs;
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
public final class RestoreCommand implements Callable<Integer>, LaunchableCommand {

    @Spec
    CommandSpec spec;

    /** Where the run executes: set by {@link JobLaunch} for a job file, else an engine of its own. */
    Launch launch = Launch.STANDALONE;

    @Override
    public void launchIn(Launch launch) {
        this.launch = launch;
    }

    @Mixin
    RunOptions run;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "Archive to restore: maildir:DIR or mbox:DIR.")
    String from;

    @Option(names = "--target", required = true, paramLabel = "URI", description = "Mailbox to restore into: imaps://USER@HOST[:PORT] or imap://USER@HOST?starttls=required (or an archive, to convert).")
    String target;

    @Option(names = "--into", paramLabel = "FOLDER", description = "Restore below this folder (e.g. Restored/2026-11-25) instead of merging into the mailbox's folders.")
    String into;

    @Option(names = "--resync", description = "Do not trust the record of what was delivered: match every target folder message by message and send again what it lacks (after messages were deleted on the target).")
    boolean resync;

    @Option(names = "--labels", paramLabel = "folders|primary", defaultValue = "folders",
            converter = LabelModeConverter.class,
            description = "A Gmail archive restored into a mailbox without labels (not Gmail): each label becomes a folder holding the message (folders, default), or only the first label's folder does (primary). Messages without a label go to All Mail. Into Gmail each message is appended once and its labels set again.")
    org.mailferry.store.LabelMode labels;

    @Option(names = "--dry-run", description = "Print the plan (folders to create, messages and bytes per folder) and change nothing.")
    boolean dryRun;

    @Option(names = "--max-message-size", paramLabel = "SIZE", description = "Skip (and report) messages larger than SIZE, e.g. 35MB; the server's APPENDLIMIT applies anyway.",
            converter = SizeConverter.class)
    long maxMessageSize;

    @Mixin
    AuthOptions auth;

    @Mixin
    NotifyOptions notify;

    @Mixin
    TlsOptions tls;

    @Mixin
    EngineOptions engine;

    @Mixin
    VerifyAppendOption verifyAppend;

    @Mixin
    QueryOptions messages;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        StoreUri src = StoreUri.parse(from);
        StoreUri dst = auth.complete(StoreUri.parse(target));
        if (src.isImap()) {
            throw usage("--from must be an archive (maildir:DIR or mbox:DIR); to copy between mailboxes use migrate");
        }
        run.validate();
        var err = spec.commandLine().getErr();
        var settings = engine.settings();
        TlsSettings tlsSettings = tls.settings(err);
        long sizeLimit = maxMessageSize > 0 ? maxMessageSize : dst.isImap() ? auth.provider(dst).limits().appendLimitBytes() : 0;
        CopyPlan plan = CopyPlan.builder(CopyJobs.RESTORE)
                .source(src.describe(), null).target(dst.describe(), auth.choice())
                .folders(run.folders, run.excludes).into(into)
                .transfer(new CopyPlan.Transfer(run.connections, run.chunkSize, 0, 0, false, null, resync))
                .sizeLimit(sizeLimit).tls(tlsSettings).tuning(run.tuning())
                .imap(new ImapPolicy(false, verifyAppend.resolve(auth.provider(dst), err), false, labels)).origin(launch.origin()).build();
        CopyRequest request = PlanResolver.resolve(plan, settings, run.json, !run.noProgress, err);
        org.mailferry.catalog.MessageQuery filter = messages.query();
        org.mailferry.store.MessageFilter taken = filter.isEmpty() ? org.mailferry.store.MessageFilter.ALL : filter;
        if (dryRun) {
            return RunPresenter.dryRun(request, taken, spec.commandLine().getOut());
        }
        var mailer = notify.mailer(dst, auth, request.targetCredentials(), tlsSettings, settings.stateDir(), err);
        return RunPresenter.copy(request, taken, mailer, launch, spec.commandLine().getOut(), err);
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
