package org.mailferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.history.RunRecord;
import org.mailferry.report.RunSummary;

/** mailferry's run meters in Prometheus text, over HTTP and in a file. */
class MetricsHttpServerTest {

    @TempDir
    Path dir;

    @Test
    void metricsShouldBeServedAtSlashMetricsAndWrittenToAFile() throws Exception {
        PrometheusMetrics.enable();
        RunSummary.Totals totals = new RunSummary.Totals(3, 0, 42, 4200, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        RunRecord run = new RunRecord(7, "nightly", "backup", "COMPLETED", "complete", 0, Instant.now(), Instant.now(),
                10L, "imaps://a@h:993", "maildir:/a", null, List.of(), null, totals, List.of());
        RunMetrics.record("nightly", 0, run);
        HttpClient http = HttpClient.newHttpClient();

        try (MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1", 0, PrometheusMetrics.enable())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains("mailferry_job_runs_total{job=\"nightly\",outcome=\"complete\"} 1.0")
                    .contains("mailferry_job_messages_copied_total{job=\"nightly\"} 42.0")
                    .contains("mailferry_job_copied_bytes_total{job=\"nightly\"} 4200.0")
                    .contains("mailferry_job_last_success_timestamp_seconds{job=\"nightly\"}")
                    .contains("mailferry_job_last_exit_code{job=\"nightly\"} 0.0");
            assertThat(other.statusCode()).isEqualTo(404);
        }

        Path file = dir.resolve("mailferry.prom");
        PrometheusMetrics.writeTo(file);
        assertThat(Files.readString(file)).contains("mailferry_job_runs_total{job=\"nightly\",outcome=\"complete\"}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }
}
