package org.mailferry.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import org.mailferry.fleet.FleetRun;
import org.mailferry.history.RunHistory;
import org.mailferry.history.RunRecord;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.RunPlans;
import org.mailferry.report.RunSummaries;
import org.mailferry.util.Json;
import org.mailferry.util.JsonDocument;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code mailferry jobs show ID}: one run in full: origin, outcome, per-folder counts and errors. */
@Command(name = "show", mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  mailferry jobs show 42", "  mailferry jobs show 42 --json"},
        description = "One run in full: where it came from (job file, command), its plan (stores, secret references, options), when, outcome, per-folder counts, errors.")
public final class JobsShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The execution id (first column of jobs list).")
    long id;

    @Option(names = "--json", description = "Print the run as JSON on stdout.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (BatchEngine batch = BatchEngine.start(engine.settings())) {
            RunHistory history = new RunHistory(batch.jdbc(), batch.repository());
            JobExecution execution = history.execution(id);
            RunRecord record = history.record(execution);
            Optional<JsonNode> plan = new RunPlans(batch.jdbc()).of(id).map(Json.MAPPER::readTree);
            if (json) {
                ObjectNode body = Json.MAPPER.valueToTree(record);
                plan.ifPresent(p -> body.set("plan", p));
                if (FleetRun.JOB.equals(execution.getJobInstance().getJobName())) {
                    body.set("accounts", Json.MAPPER.valueToTree(FleetRun.summary(batch, execution).accounts()));
                }
                out.println(JsonDocument.of(body));
                out.flush();
            } else if (FleetRun.JOB.equals(execution.getJobInstance().getJobName())) {
                RunHistoryPrinter.head(record, out);
                RunPresenter.printAccounts("fleet", FleetRun.summary(batch, execution), false, out);
                return ExitCode.OK.code();
            } else {
                RunHistoryPrinter.head(record, out);
                plan.ifPresent(p -> RunHistoryPrinter.plan(p, out));
                SummaryPrinter.print(RunSummaries.of(execution, batch.repository()), false, out);
            }
            return ExitCode.OK.code();
        }
    }
}
