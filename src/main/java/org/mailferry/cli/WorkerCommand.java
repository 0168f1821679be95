package org.mailferry.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.fleet.FleetWorker;
import org.mailferry.fleet.PlanSignature;
import org.mailferry.job.BatchEngine;
import org.mailferry.metrics.MetricsHttpServer;
import org.mailferry.run.RunSpool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailferry worker}: one worker of a fleet, running the accounts of distributed runs. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run accounts of distributed runs (migrate or backup --distributed) from a shared job database, until stopped.",
                "Workers join and leave at will; an account whose worker dies is run again by another from its last"
                        + " committed chunk. Secrets are resolved here, from this worker's own --accounts file and"
                        + " password/OAuth options: the job database names none. Each worker also needs the fleet key."},
        footer = {"", "Examples:",
                "  mailferry worker --job-db jdbc:postgresql://db/mailferry --job-db-user mailferry --job-db-password-file /etc/mailferry/db.pw",
                "  mailferry worker --parallel 4 --fleet-key-file /etc/mailferry/fleet.key --accounts /etc/mailferry/staff.csv --job-db jdbc:postgresql://db/mailferry",
                "", "Stop with SIGTERM or Ctrl-C: running accounts stop at their next chunk and are resumed by another worker."})
public final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--parallel", paramLabel = "N", description = "Accounts this worker runs at once (default: 2).")
    int parallel = 2;

    @Option(names = "--fleet-key-file", paramLabel = "FILE", description = "The fleet key (default: STATE/fleet.key): the same file as the manager's.")
    Path keyFile;

    @Option(names = "--accounts", paramLabel = "FILE", description = "Secrets of the accounts held by this worker itself"
            + " (optional): the manager's accounts file (CSV: source, source_secret, target, target_secret), or one with"
            + " those columns; its rows win over the references the manager sealed with the fleet key. An account that"
            + " neither gives a secret uses the worker's --password-*/--target-password-* options.")
    Path accounts;

    @Mixin
    AuthOptions sourceAuth;

    @Mixin
    TargetAuthOptions targetAuth;

    @Mixin
    MetricsServerOptions metrics;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() throws InterruptedException {
        if (parallel < 1) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "--parallel must be at least 1");
        }
        var settings = engine.settings();
        PlanSignature signature = PlanSignature.load(keyFile != null ? keyFile : settings.stateDir().resolve("fleet.key"));
        WorkerSecrets secrets = new WorkerSecrets(accounts == null ? java.util.List.of() : AccountsFile.read(accounts, false),
                sourceAuth.choice(), targetAuth.choice());
        PrometheusMeterRegistry registry = metrics.enable();
        try (RunSpool spool = RunSpool.forThisProcess(settings);
             BatchEngine batch = BatchEngine.start(settings);
             MetricsHttpServer http = metrics.serve(registry, spec.commandLine().getErr()::println)) {
            FleetWorker worker = new FleetWorker(batch, signature, spool, parallel, secrets);
            var err = spec.commandLine().getErr();
            err.println("worker " + worker.name() + ": taking accounts (up to " + parallel + " at once); stop with Ctrl-C");
            err.flush();
            worker.run();
        }
        return ExitCode.OK.code();
    }
}
