package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mailferry.job.BatchEngine;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A job file run by {@code mailferry run} against the real Dovecot into a Maildir, then its
 * history through {@code jobs list} and {@code jobs show} (text and JSON), its report files and
 * its metrics file.
 */
class RunJobEndToEndTest {

    private static final String USER = TestImapServer.user(38);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void aJobFileShouldRunLikeItsVerbAndLeaveItsHistoryReportsAndMetrics() throws Exception {
        server.resetUser(USER);
        server.fillCorpus(USER, "nasty", 8, "--no-huge");
        ImapSnapshot source = ImapSnapshot.take(server, USER);
        Path jobs = work.resolve("jobs");
        Path job = RunJobFiles.backupJob(jobs, "nightly-" + USER, server, USER, "maildir:../archive",
                "options:\n  connections: 2\n  chunk-size: 10\n");
        Path archive = work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);

        int enginesBefore = BatchEngine.startedInThisProcess();
        MailferryCli.Result first = cli.run("run", job.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        // the job's backup runs in the engine of `run`, not in a second Spring context
        // (no test of this class runs beside it: the count is the process's)
        assertThat(BatchEngine.startedInThisProcess() - enginesBefore).as("engines started by one run").isEqualTo(1);
        assertThat(first.out()).contains("backup complete");
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + archive))).isEmpty();

        Path metrics = work.resolve("mailferry.prom");
        MailferryCli.Result second = cli.run("run", job.toString(), "--json", "--metrics-file", metrics.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(E2eSupport.totals(second.out()).path("copied").asLong()).as("incremental").isZero();
        assertThat(Files.readString(metrics))
                .contains("mailferry_job_runs_total{job=\"nightly-" + USER + "\",outcome=\"complete\"} 1.0")
                .contains("spring_batch_job_seconds_count{")
                .contains("spring_batch_step_seconds_count{");

        List<RunJobFiles.Run> runs = RunJobFiles.runs(cli.run("jobs", "list", "--json").out());
        assertThat(runs).extracting(RunJobFiles.Run::job).containsOnly("nightly-" + USER).hasSize(2);
        assertThat(runs).extracting(RunJobFiles.Run::outcome).containsOnly("complete");
        assertThat(runs.get(0).execution()).as("newest first").isGreaterThan(runs.get(1).execution());
        assertThat(runs.get(1).copied()).isEqualTo(source.size());
        JsonNode newest = runs.get(0).json();
        assertThat(newest.path("jobFile").asString()).isEqualTo(job.toAbsolutePath().toString());
        assertThat(newest.path("arguments").toString()).as("the job database holds no secret source, nor a secret")
                .contains("--source=imaps://" + USER + "@").doesNotContain("--password-file")
                .doesNotContain(server.password(USER));
        RunJobFiles.assertNoOverlap(runs);

        MailferryCli.Result table = cli.run("jobs", "list");
        assertThat(table.out()).contains("ID", "JOB", "OUTCOME", "nightly-" + USER, "complete");
        MailferryCli.Result shown = cli.run("jobs", "show", String.valueOf(runs.get(1).execution()));
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("execution " + runs.get(1).execution() + ": nightly-" + USER + " (backup), complete")
                .contains("job file: " + job.toAbsolutePath()).contains("INBOX").contains("total");
        JsonNode shownJson = Json.MAPPER.readTree(cli.run("jobs", "show", String.valueOf(runs.get(1).execution()),
                "--json").out());
        assertThat(shownJson.path("folders").size()).isEqualTo(source.folders().size());
        assertThat(shownJson.path("totals").path("copied").asLong()).isEqualTo(source.size());
        // the plan the execution ran, as data: stores and the job's options, no secret source (issue 13)
        JsonNode plan = shownJson.path("plan");
        assertThat(plan.path("verb").asString()).isEqualTo("backup");
        assertThat(plan.path("source").path("uri").asString()).startsWith("imaps://" + USER + "@");
        assertThat(plan.path("source").path("auth").path("passwordFile").isMissingNode()
                || plan.path("source").path("auth").path("passwordFile").isNull()).as(plan.toString()).isTrue();
        assertThat(plan.toString()).doesNotContain(server.passwordFile(USER).toString());
        assertThat(plan.path("target").path("uri").asString()).isEqualTo("maildir:" + archive.toAbsolutePath());
        assertThat(plan.path("transfer").path("connections").asInt()).isEqualTo(2);
        assertThat(plan.path("transfer").path("chunkSize").asInt()).isEqualTo(10);
        assertThat(plan.path("origin").path("jobName").asString()).isEqualTo("nightly-" + USER);
        assertThat(plan.toString()).doesNotContain(server.password(USER));
        assertThat(shown.out()).contains("plan:", "\"passwordFile\"");

        MailferryCli.Result restartCompleted = cli.run("jobs", "restart", String.valueOf(runs.get(0).execution()));
        assertThat(restartCompleted.exitCode()).isEqualTo(2);
        assertThat(restartCompleted.err()).contains("completed: nothing to resume");

        List<Path> reports;
        try (Stream<Path> files = Files.list(archive.resolve("mailferry-reports"))) {
            reports = files.sorted().toList();
        }
        assertThat(reports).hasSize(2).allSatisfy(r -> {
            assertThat(r.getFileName().toString()).matches("\\d{8}T\\d{6}Z-nightly-" + USER + "-\\d+\\.json");
            assertThat(Files.getPosixFilePermissions(r)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        });
        assertThat(Json.MAPPER.readTree(reports.get(0).toFile()).path("outcome").asString()).isEqualTo("complete");

        MailferryCli.Result verify = cli.run("verify", "maildir:" + archive);
        assertThat(verify.exitCode()).as("reports beside the archive do not disturb verify\n" + verify).isZero();
    }
}
