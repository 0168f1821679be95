package org.mailferry.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.RunOrigin;
import org.mailferry.jobfile.JobFile;
import org.mailferry.metrics.PrometheusMetrics;
import org.mailferry.metrics.RunMetrics;
import org.mailferry.schedule.JobLease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailferry run FILE}: runs a job file now, as its verb would, resuming its interrupted run. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a job file now: the backup, restore or migrate it describes, with its options.",
                "A failed, stopped or killed previous run of the job is resumed, not started over. One run of a job at a"
                        + " time, also across machines sharing a --job-db."},
        footer = {"", "Examples:", "  mailferry run jobs/nightly-alice.yaml",
                "  mailferry run jobs/weekly-bob.yaml --json --metrics-file /var/lib/node_exporter/mailferry-weekly-bob.prom",
                "", "Job files: see the commented examples in jobs/ and README.md. Exit codes as for the verb; 15 when the job already runs elsewhere."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The job file (YAML).")
    Path file;

    @Option(names = "--json", description = "Print the summary as JSON on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Option(names = "--metrics-file", paramLabel = "FILE", description = "After the run, write its metrics (Spring Batch's and mailferry's) in Prometheus text format to FILE, e.g. for node_exporter's textfile collector.")
    Path metricsFile;

    @Mixin
    EngineOptions engine;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        JobFile job = JobCommandLine.load(file);
        if (metricsFile != null) {
            PrometheusMetrics.enable();
        }
        List<String> output = new ArrayList<>();
        if (json) {
            output.add("--json");
        }
        if (noProgress) {
            output.add("--no-progress");
        }
        RunOrigin origin = JobLaunch.originOf(job);
        try (BatchEngine batch = BatchEngine.start(engine.settings())) {
            JobLaunch launch = new JobLaunch(batch, engine);
            JobLaunch.Result result;
            try (JobLease lease = launch.lease(origin)) {
                result = launch.run(origin, output, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
            if (metricsFile != null) {
                RunMetrics.record(job.name(), result.exitCode(), result.run().orElse(null));
                writeMetrics();
            }
            return result.exitCode();
        }
    }

    /** Best effort: a metrics file that cannot be written is a warning, never the run's exit code. */
    private void writeMetrics() {
        try {
            PrometheusMetrics.writeTo(metricsFile);
        } catch (IOException e) {
            spec.commandLine().getErr().println("mailferry: warning: cannot write the metrics file " + metricsFile
                    + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
        }
    }
}
