package org.mailferry.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.function.Consumer;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.metrics.MetricsHttpServer;
import org.mailferry.metrics.PrometheusMetrics;
import picocli.CommandLine.Option;

/** {@code --metrics-port}, {@code --metrics-address} of the long-running commands (schedule, worker). */
final class MetricsServerOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics (Spring Batch's and mailferry's) at http://ADDRESS:PORT/metrics, and /healthz.")
    Integer port;

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "Address the metrics server listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String address;

    /** The registry, when metrics are asked for: enabled before the batch engine starts, which observes into it. */
    PrometheusMeterRegistry enable() {
        return port == null ? null : PrometheusMetrics.enable();
    }

    /** Serves {@code registry} (null: nothing), saying where on {@code note}; a usage error when the port is taken. */
    MetricsHttpServer serve(PrometheusMeterRegistry registry, Consumer<String> note) {
        if (registry == null) {
            return null;
        }
        try {
            MetricsHttpServer http = MetricsHttpServer.start(address, port, registry);
            note.accept("metrics at http://" + address + ":" + http.port() + "/metrics");
            return http;
        } catch (IOException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "cannot serve metrics on " + address + ":" + port + ": " + e.getMessage());
        }
    }
}
