package org.mailferry.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The process's Prometheus registry: added to Micrometer's global registry on request, so that
 * Spring Batch's observations (see {@code BatchApplication}) and {@link RunMetrics} land in it;
 * without a request nothing is measured. Text in the Prometheus exposition format, served by
 * {@link MetricsHttpServer} or written to a file ({@link #writeTo}) for node_exporter's textfile
 * collector. Thread-safe.
 */
public final class PrometheusMetrics {

    private static PrometheusMeterRegistry registry;

    private PrometheusMetrics() {
    }

    /** Turns measuring on for this process (once) and returns the registry. */
    public static synchronized PrometheusMeterRegistry enable() {
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Metrics.addRegistry(registry);
        }
        return registry;
    }

    /**
     * Writes the current metrics to {@code file} atomically (a temporary file renamed over it), mode
     * 0644 so that node_exporter, often another user, can read it: it holds job names and counts,
     * no mail and no secret.
     */
    public static void writeTo(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, enable().scrape(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
