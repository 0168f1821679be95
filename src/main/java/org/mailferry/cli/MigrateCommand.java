package org.mailferry.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.auth.AuthChoice;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.job.CopyJobs;
import org.mailferry.provider.ProviderPreset;
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

/** {@code mailferry migrate}: mailbox to mailbox, one account or many, resumable and incremental. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copy mailboxes to mailboxes directly over IMAP: folders mapped, special folders by role, flags, keywords and internal dates kept.",
                "Resumable and incremental: run the same command again to continue after a crash or to copy what is new."},
        footer = {"", "Examples:",
                "  mailferry migrate --source imaps://alice@old.example.org --target imaps://alice@company.com@outlook.office365.com --password-file old.pass --target-oauth device-code --target-oauth-client-id ID",
                "  mailferry migrate --source ... --target ... --map 'INBOX/Archive/(.*)=Archive/$1' --exclude Junk --delete-extra-on-target",
                "  mailferry migrate --accounts accounts.csv --parallel 8",
                "", "accounts.csv: a header line naming the columns it uses (source and target, and any of"
                        + " source_secret, target_secret, folders, exclude, map), then one account per line:",
                "  source,source_secret,target,target_secret",
                "  imaps://al@old.org,env:A,imaps://al@new.org,env:B",
                "secrets are references (env:VAR, file:PATH, command:CMD); empty uses the --password/--oauth options of that side;",
                "folders, exclude and map hold ';'-separated lists."})
public final class MigrateCommand implements Callable<Integer>, LaunchableCommand {

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

    @Option(names = "--labels", paramLabel = "folders|primary", defaultValue = "folders",
            converter = LabelModeConverter.class,
            description = "From Gmail into a mailbox without labels: each label becomes a folder holding the message (folders, default), or only the first label's folder does (primary); messages without a label go to All Mail. Gmail into Gmail: each message once, its labels set again.")
    org.mailferry.store.LabelMode labels;

    @Option(names = "--source", paramLabel = "URI", description = "Mailbox to copy from: imaps://USER@HOST[:PORT].")
    String source;

    @Option(names = "--target", paramLabel = "URI", description = "Mailbox to copy into: imaps://USER@HOST[:PORT].")
    String target;

    @Option(names = "--accounts", paramLabel = "FILE", description = "Migrate every account listed in this CSV file (see below) instead of --source/--target.")
    Path accounts;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "With --accounts: accounts migrated at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--max-connections-per-host", paramLabel = "N", description = "Connections to one server from this run, all accounts together (default: the provider's limit, else unlimited).")
    Integer maxConnectionsPerHost;

    @Option(names = "--map", paramLabel = "FROM=TO", description = "Rename folders: regular expression FROM on the /-separated name, replacement TO ($1 for groups); repeatable, applied in order. Special folders map by role unless a rule renames them.")
    List<String> maps = new ArrayList<>();

    @Option(names = "--delete-extra-on-target", description = "Mirror mode: delete from the target the messages mailferry copied that were since deleted from the source (reported).")
    boolean mirror;

    @Option(names = "--max-messages-per-second", paramLabel = "N", description = "Per account, at most N messages per second.")
    double maxMessagesPerSecond;

    @Option(names = "--max-bytes-per-second", paramLabel = "SIZE", converter = SizeConverter.class, description = "Per account, at most SIZE bytes per second, e.g. 5MB.")
    long maxBytesPerSecond;

    @Option(names = "--max-message-size", paramLabel = "SIZE", converter = SizeConverter.class, description = "Skip (and report) larger messages (default: the target provider's limit; the server's APPENDLIMIT applies anyway).")
    Long maxMessageSize;

    @Option(names = "--resync", description = "Do not trust the record of what was delivered: match every target folder message by message and send again what it lacks (after messages were deleted on the target).")
    boolean resync;

    @Option(names = "--dry-run", description = "Print the folder mapping and counts and change nothing.")
    boolean dryRun;

    @Mixin
    FilterOptions filter;

    @Mixin
    AuthOptions sourceAuth;

    @Mixin
    TargetAuthOptions targetAuth;

    @Mixin
    TlsOptions tls;

    @Mixin
    NotifyOptions notify;

    @Mixin
    EngineOptions engine;

    @Mixin
    SharedFoldersOption shared;

    @Mixin
    VerifyAppendOption verifyAppend;

    @Mixin
    FleetOptions fleet;

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
        if (fleet.distributed) {
            return distributed(err, out);
        }
        if (accounts != null) {
            if (source != null || target != null) {
                throw usage("give either --accounts FILE or --source and --target, not both");
            }
            List<AccountsFile.Account> rows = AccountsFile.read(accounts);
            List<CopyRequest> requests = new ArrayList<>();
            for (AccountsFile.Account a : rows) {
                requests.add(request(a.source(), a.target(), a.sourceAuth(), a.targetAuth(),
                        a.folders().isEmpty() ? run.folders : a.folders(), a.excludes().isEmpty() ? run.excludes : a.excludes(),
                        a.maps().isEmpty() ? maps : a.maps(), err));
            }
            var mailer = notify.mailer(requests.get(0).source(), sourceAuth, requests.get(0).sourceCredentials(),
                    requests.get(0).tls(), engine.settings().stateDir(), err);
            return RunPresenter.accounts(requests, parallel, hostLimit(requests), mailer, launch, run.json, out, err);
        }
        if (source == null || target == null) {
            throw usage("give --source and --target (or --accounts FILE)");
        }
        CopyRequest request = request(StoreUri.parse(source), StoreUri.parse(target), null, null, run.folders,
                run.excludes, maps, err);
        if (dryRun) {
            return RunPresenter.dryRun(request, out);
        }
        var mailer = notify.mailer(request.source(), sourceAuth, request.sourceCredentials(), request.tls(),
                engine.settings().stateDir(), err);
        return RunPresenter.copy(request, mailer, launch, out, err);
    }

    /**
     * {@code --distributed}: every account's plan goes to the fleet's workers through the job
     * database; no secret is resolved here.
     */
    private int distributed(java.io.PrintWriter err, java.io.PrintWriter out) {
        if (dryRun) {
            throw usage("--dry-run and --distributed do not go together: a dry run lists folders with the secrets, here");
        }
        List<CopyPlan> plans = new ArrayList<>();
        if (accounts != null) {
            if (source != null || target != null) {
                throw usage("give either --accounts FILE or --source and --target, not both");
            }
            for (AccountsFile.Account a : AccountsFile.read(accounts)) {
                plans.add(plan(a.source(), a.target(), a.sourceAuth(), a.targetAuth(),
                        a.folders().isEmpty() ? run.folders : a.folders(), a.excludes().isEmpty() ? run.excludes : a.excludes(),
                        a.maps().isEmpty() ? maps : a.maps(), err));
            }
        } else if (source != null && target != null) {
            plans.add(plan(StoreUri.parse(source), StoreUri.parse(target), null, null, run.folders, run.excludes, maps, err));
        } else {
            throw usage("give --source and --target (or --accounts FILE)");
        }
        return RunPresenter.fleet(CopyJobs.MIGRATE, plans, hostLimit(plans), fleet, engine.settings(), run.json, out, err);
    }

    /** One account's request, resolved in this process. */
    private CopyRequest request(StoreUri rawSource, StoreUri rawTarget, AuthChoice sourceChoice,
                                AuthChoice targetChoice, List<String> include, List<String> exclude,
                                List<String> mapRules, java.io.PrintWriter err) {
        return PlanResolver.resolve(plan(rawSource, rawTarget, sourceChoice, targetChoice, include, exclude, mapRules,
                err), engine.settings(), run.json, !run.noProgress, err);
    }

    /**
     * One account's plan. Secret references given by an accounts file row win; otherwise the
     * command-line options of that side are used.
     */
    private CopyPlan plan(StoreUri rawSource, StoreUri rawTarget, AuthChoice sourceChoice,
                          AuthChoice targetChoice, List<String> include, List<String> exclude,
                          List<String> mapRules, java.io.PrintWriter err) {
        StoreUri src = sourceAuth.complete(rawSource);
        StoreUri dst = targetAuth.complete(rawTarget);
        if (!src.isImap() || !dst.isImap()) {
            throw usage("migrate copies between IMAP mailboxes; to or from an archive use backup or restore");
        }
        ProviderPreset targetPreset = targetAuth.provider(dst);
        long sizeLimit = maxMessageSize != null ? maxMessageSize : targetPreset.limits().appendLimitBytes();
        return CopyPlan.builder(CopyJobs.MIGRATE)
                .source(src.describe(), sourceChoice != null ? sourceChoice : sourceAuth.choice())
                .target(dst.describe(), targetChoice != null ? targetChoice : targetAuth.choice())
                .folders(include, exclude).maps(mapRules)
                .transfer(new CopyPlan.Transfer(run.connections, run.chunkSize, maxMessagesPerSecond, maxBytesPerSecond,
                        mirror, null, resync))
                .filter(filter.range()).sizeLimit(sizeLimit).tls(tls.settings(err)).tuning(run.tuning())
                .imap(new ImapPolicy(shared.includeShared, verifyAppend.resolve(targetPreset, err), true, labels))
                .origin(launch.origin()).build();
    }

    /** Connections per host: the option, else the smallest cap of the providers involved. */
    private int hostLimit(List<CopyRequest> requests) {
        return hostLimit(requests.stream().map(CopyRequest::plan).toList());
    }

    /** Connections per host: the option, else the smallest cap of the providers of the plans' sources and targets. */
    private int hostLimit(java.util.Collection<CopyPlan> plans) {
        if (maxConnectionsPerHost != null) {
            return maxConnectionsPerHost;
        }
        int cap = 0;
        for (CopyPlan p : plans) {
            for (int c : new int[] {sourceAuth.provider(StoreUri.parse(p.source().uri())).limits().maxConnections(),
                                    targetAuth.provider(StoreUri.parse(p.target().uri())).limits().maxConnections()}) {
                cap = c > 0 && (cap == 0 || c < cap) ? c : cap;
            }
        }
        return cap;
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
