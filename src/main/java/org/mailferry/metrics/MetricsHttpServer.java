package org.mailferry.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format and {@code GET /healthz} (the latest
 * run's job, outcome, exit code and end as JSON: 200, or 503 when it failed) with the JDK's HTTP
 * server; any other path is 404. For the long-running scheduler ({@code schedule --metrics-port}).
 * A small pool of daemon threads, and a client that does not finish its request within
 * {@value #REQUEST_SECONDS} s is dropped, so one slow client cannot stall every scrape.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final int REQUEST_SECONDS = 10;
    private static final int THREADS = 4;

    static {
        // read once, when the JDK's HTTP server first loads
        System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
        System.setProperty("sun.net.httpserver.maxRspTime", "60");
    }

    private final HttpServer server;

    private MetricsHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving {@code registry} on {@code address:port} (port 0: any free port, see {@link #port}). */
    public static MetricsHttpServer start(String address, int port, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 8);
        server.createContext("/", exchange -> serve(exchange, registry));
        server.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsHttpServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/healthz")) {
                health(exchange);
                return;
            }
            boolean found = exchange.getRequestURI().getPath().equals("/metrics");
            boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
            byte[] body = (!found ? "not found: GET /metrics\n" : !get ? "method not allowed\n" : registry.scrape())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", found && get ? CONTENT_TYPE : "text/plain; charset=utf-8");
            int status = !found ? 404 : !get ? 405 : 200;
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** 200 with the latest run (or none yet), 503 when that run failed (exit code other than 0 and 3). */
    private static void health(HttpExchange exchange) throws IOException {
        java.util.Optional<RunMetrics.LastRun> last = RunMetrics.last();
        boolean healthy = last.map(r -> r.exitCode() == 0 || r.exitCode() == 3).orElse(true);
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "failing");
        body.put("lastRun", last.orElse(null));
        byte[] bytes = org.mailferry.util.Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(healthy ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
