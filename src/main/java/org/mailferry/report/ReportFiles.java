package org.mailferry.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.mailferry.util.JsonDocument;
import org.mailferry.util.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each run's report, the {@link RunSummary} as JSON, into a reports directory: beside the
 * archive ({@code ARCHIVE/mailferry-reports/}) when the run wrote an archive, else
 * {@code STATE/reports/}. File name: {@code <UTC end time yyyyMMdd'T'HHmmss'Z'>-<job>-<execution>.json},
 * so names sort by time; mode 0600, written atomically. Best effort: a failure is one WARN line
 * and never changes the run's exit code. Thread-safe (no state).
 */
public final class ReportFiles {

    /** The reports directory's name inside an archive. */
    public static final String ARCHIVE_DIR = "mailferry-reports";

    private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ReportFiles() {
    }

    /** Writes {@code summary} as {@code dir/<stamp>-<job>-<execution>.json}; the file, or empty when it failed. */
    public static Optional<Path> write(RunSummary summary, Path dir, String jobName) {
        Instant when = summary.ended() != null ? summary.ended() : Instant.now();
        Path file = dir.resolve(STAMP.format(when) + "-" + safe(jobName) + "-" + summary.executionId() + ".json");
        try {
            PrivateFiles.createDirectories(dir);
            PrivateFiles.writeAtomically(file, (JsonDocument.of(summary) + "\n").getBytes(StandardCharsets.UTF_8));
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the run report {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** A job name as a file name part: letters, digits, '.', '_' and '-' only. */
    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
