package org.mailferry.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.history.RunHistory;
import org.mailferry.job.BatchEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailferry jobs list}: the latest runs, newest first, as a table or JSON. */
@Command(name = "list", mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  mailferry jobs list", "  mailferry jobs list --job nightly-alice --json"},
        description = {"The latest runs, newest first: when, outcome, messages and megabytes copied, duration, error.",
                "Outcome 'running': still running, or its process died (its next run recovers it)."})
public final class JobsListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--job", paramLabel = "NAME", description = "Only the runs of the job file named NAME.")
    String job;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs as JSON (with their folders) on stdout.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "--limit must be at least 1");
        }
        try (BatchEngine batch = BatchEngine.start(engine.settings())) {
            RunHistory history = new RunHistory(batch.jdbc(), batch.repository());
            RunHistoryPrinter.list(history.recent(limit, Optional.ofNullable(job)).stream().map(history::record).toList(),
                    json, spec.commandLine().getOut());
            return ExitCode.OK.code();
        }
    }
}
