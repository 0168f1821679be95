package org.mailferry.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.util.Json;

/** Run reports: one private JSON file per run, named by time, job and execution. */
class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeShouldStoreTheSummaryAsAPrivateJsonFileNamedByEndTimeJobAndExecution() throws Exception {
        RunSummary summary = new RunSummary("backup", 42, 1, "imaps://a@h:993", "maildir:/a", "complete", 0, null,
                Instant.parse("2026-11-05T09:03:00Z"), Instant.parse("2026-11-05T09:03:02Z"), List.of(),
                new RunSummary.Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        Path file = ReportFiles.write(summary, dir.resolve("mailferry-reports"), "nightly/alice").orElseThrow();

        assertThat(file).hasFileName("20261105T090302Z-nightly_alice-42.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Json.MAPPER.readValue(file.toFile(), RunSummary.class)).isEqualTo(summary);
    }
}
