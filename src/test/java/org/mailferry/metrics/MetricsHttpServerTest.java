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

    @Test
    void healthzShouldReportTheLastRunAndFailWhenItFailed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1", 0, PrometheusMetrics.enable())) {
            URI healthz = URI.create("http://127.0.0.1:" + server.port() + "/healthz");
            RunMetrics.record("weekly", 12, null);
            HttpResponse<String> failing = http.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString());
            RunMetrics.record("weekly", 0, null);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(failing.body()).contains("\"status\":\"failing\"", "\"job\":\"weekly\"", "\"exitCode\":12", "\"ended\":");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"status\":\"ok\"", "\"exitCode\":0");
        }
    }

    @Test
    void aClientThatNeverFinishesItsRequestShouldNotStallTheScrapes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1", 0, PrometheusMetrics.enable())) {
            java.util.List<java.net.Socket> stalled = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) { // more than the pool's threads
                    java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes()); // never ends
                    s.getOutputStream().flush();
                    stalled.add(s);
                }
                HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .timeout(java.time.Duration.ofSeconds(MetricsHttpServer.REQUEST_SECONDS * 6L)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(scrape.statusCode()).isEqualTo(200);
            } finally {
                for (java.net.Socket s : stalled) {
                    s.close();
                }
            }
        }
    }
}
