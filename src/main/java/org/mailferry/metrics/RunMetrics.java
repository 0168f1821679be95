package org.mailferry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mailferry.history.RunRecord;

/**
 * mailferry's own meters, per job name (Spring Batch's meters are tagged by verb only): runs by
 * outcome, messages and bytes copied, the end and last success of the latest run, and its exit
 * code. Recorded in Micrometer's global registry, so they exist only where a registry was
 * configured ({@link PrometheusMetrics#enable}). In Prometheus: {@code mailferry_job_runs_total},
 * {@code mailferry_job_messages_copied_total}, {@code mailferry_job_copied_bytes_total},
 * {@code mailferry_job_last_end_timestamp_seconds}, {@code mailferry_job_last_success_timestamp_seconds},
 * {@code mailferry_job_last_exit_code}. Thread-safe.
 */
public final class RunMetrics {

    private static final Map<String, AtomicLong> GAUGES = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicReference<LastRun> LAST = new java.util.concurrent.atomic.AtomicReference<>();

    /** The end of the latest run of any job in this process, for {@code /healthz}. */
    public record LastRun(String job, String outcome, int exitCode, Instant ended) {
    }

    /** The latest run recorded, if any. */
    public static java.util.Optional<LastRun> last() {
        return java.util.Optional.ofNullable(LAST.get());
    }

    private RunMetrics() {
    }

    /** Records the end of a run of {@code job}: its record when it created an execution, else only its exit code. */
    public static void record(String job, int exitCode, RunRecord run) {
        String outcome = run != null ? run.outcome() : "failed";
        Metrics.counter("mailferry.job.runs", "job", job, "outcome", outcome).increment();
        if (run != null) {
            Counter.builder("mailferry.job.messages.copied").tag("job", job).register(Metrics.globalRegistry)
                    .increment(run.totals().copied());
            Counter.builder("mailferry.job.copied").baseUnit("bytes").tag("job", job)
                    .register(Metrics.globalRegistry).increment(run.totals().bytes());
        }
        LAST.set(new LastRun(job, outcome, exitCode, Instant.now()));
        long now = Instant.now().getEpochSecond();
        gauge("mailferry.job.last.end.timestamp", job, "seconds").set(now);
        if (exitCode == 0) {
            gauge("mailferry.job.last.success.timestamp", job, "seconds").set(now);
        }
        gauge("mailferry.job.last.exit.code", job, null).set(exitCode);
    }

    private static AtomicLong gauge(String name, String job, String unit) {
        return GAUGES.computeIfAbsent(name + "\u0000" + job, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).baseUnit(unit).tag("job", job).register(Metrics.globalRegistry);
            return value;
        });
    }
}
