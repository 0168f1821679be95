package org.mailferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.auth.AuthChoice;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.CopyJobs;
import org.mailferry.run.ArchiveTemplate;
import org.mailferry.run.CopyPlan;
import org.mailferry.run.CopyRequest;
import org.mailferry.run.Launch;
import org.mailferry.run.PlanResolver;
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
                "  mailferry backup --source imaps://bob@127.0.0.1:10993 --to mbox:/backups/bob --folders INBOX --folders 'Projects/*' --exclude Trash --password-file ~/.bob-pass",
                "  mailferry backup --accounts staff.csv --to 'maildir:/srv/backups/{user}' --parallel 8",
                "  mailferry backup --accounts staff.csv --to 'maildir:/srv/backups/{user}' --distributed --job-db jdbc:postgresql://db/mailferry"})
public final class BackupCommand implements Callable<Integer>, LaunchableCommand {

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

    @Option(names = "--source", paramLabel = "URI", description = "Mailbox to back up: imaps://USER@HOST[:PORT] (993, TLS) or imap://USER@HOST[:PORT]?starttls=required.")
    String source;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "Archive: maildir:DIR or mbox:DIR; with --accounts a template, e.g. 'maildir:/srv/backups/{user}' ({user}, {domain}, {host}).")
    String to;

    @Option(names = "--accounts", paramLabel = "FILE", description = "Back up many mailboxes: a CSV file with the columns source, source_secret (env:VAR, file:PATH or command:CMD) and optionally target (the account's archive), folders, exclude.")
    java.nio.file.Path accounts;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "With --accounts: mailboxes backed up at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--keep-deleted-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Retention: remove from the archive messages that left the server at least DURATION ago (e.g. 90d; 0 removes them at once). Off by default: a backup keeps everything.")
    java.time.Duration keepDeletedFor;

    @Option(names = "--dedupe", description = "Maildir archives: a message whose bytes and date the archive stores already (in another folder: mail copied rather than moved) is stored as a hard link to that file, not a second copy. Flags, expunges and retention stay per folder.")
    boolean dedupe;

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
        run.validate();
        if (parallel < 1) {
            throw usage("--parallel must be at least 1");
        }
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        var settings = engine.settings();
        tlsSettings = tls.settings(err);
        List<CopyPlan> plans = new ArrayList<>();
        if (accounts != null) {
            if (source != null) {
                throw usage("give either --accounts FILE or --source, not both");
            }
            List<AccountsFile.Account> rows = AccountsFile.read(accounts, false);
            if (rows.size() > 1 && !ArchiveTemplate.isPerAccount(to) && rows.stream().anyMatch(a -> a.target() == null)) {
                throw usage("each account needs an archive of its own: put {user} in --to (e.g. 'maildir:/srv/backups/{user}')"
                        + " or give the target column");
            }
            for (AccountsFile.Account a : rows) {
                plans.add(plan(a.source(), a.target() != null ? a.target().describe() : to,
                        a.sourceAuth() != null ? a.sourceAuth() : auth.choice(),
                        a.folders().isEmpty() ? run.folders : a.folders(), a.excludes().isEmpty() ? run.excludes : a.excludes(),
                        err));
            }
        } else if (source != null) {
            plans.add(plan(StoreUri.parse(source), to, auth.choice(), run.folders, run.excludes, err));
        } else {
            throw usage("give --source (or --accounts FILE)");
        }
        if (fleet.distributed) {
            int perHost = plans.stream().mapToInt(p -> auth.provider(StoreUri.parse(p.source().uri())).limits().maxConnections())
                    .filter(c -> c > 0).min().orElse(0);
            return RunPresenter.fleet(CopyJobs.BACKUP, plans, perHost, fleet, settings, run.json, out, err);
        }
        List<CopyRequest> requests = plans.stream()
                .map(p -> PlanResolver.resolve(p, settings, run.json, !run.noProgress, err)).toList();
        CopyRequest first = requests.get(0);
        var mailer = notify.mailer(first.source(), auth, first.sourceCredentials(), first.tls(), settings.stateDir(), err);
        if (accounts != null) {
            return RunPresenter.accounts(requests, parallel, 0, mailer, launch, run.json, out, err);
        }
        return RunPresenter.copy(first, mailer, launch, out, err);
    }

    private TlsSettings tlsSettings;

    /** One mailbox's plan: {@code archive} may be a template ({@link ArchiveTemplate}). */
    private CopyPlan plan(StoreUri rawSource, String archive, AuthChoice choice, List<String> include,
                          List<String> exclude, java.io.PrintWriter err) {
        StoreUri src = auth.complete(rawSource);
        if (!src.isImap()) {
            throw usage("--source must be an IMAP mailbox (imaps://USER@HOST); to convert archives use restore");
        }
        StoreUri dst = StoreUri.parse(ArchiveTemplate.expand(archive, src));
        if (dst.isImap()) {
            throw usage("--to must be an archive (maildir:DIR or mbox:DIR); to copy between mailboxes use migrate");
        }
        if (dedupe && dst.kind() != StoreUri.Kind.MAILDIR) {
            throw usage("--dedupe works with Maildir archives only (maildir:DIR): it stores a message once as hard"
                    + " links, and an mbox file cannot share its messages with another");
        }
        return CopyPlan.builder(CopyJobs.BACKUP)
                .source(src.describe(), choice).target(dst.describe(), null)
                .folders(include, exclude)
                .transfer(new CopyPlan.Transfer(run.connections, run.chunkSize, 0, 0, false, keepDeletedFor, false))
                .filter(filter.range()).tls(tlsSettings).tuning(run.tuning()).compression(compression.compressionFor(dst))
                .imap(new ImapPolicy(shared.includeShared, ImapPolicy.AppendCheck.NONE, true)).origin(launch.origin()).dedupe(dedupe).build();
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
