package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * {@code mailferry schedule} with once-a-second schedules against the real Dovecot: a fast job runs
 * again and again while a slow one (one message per chunk) is never started twice at once; the
 * metrics are served; SIGTERM stops the scheduler cleanly, leaving the slow run STOPPED, and a
 * later {@code mailferry run} resumes it to an archive that equals the server.
 */
class ScheduleEndToEndTest {

    private static final String USER = TestImapServer.user(9);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void theSchedulerShouldRunJobsOnTimeNeverOverlapAndStopRestartablyOnSigterm() throws Exception {
        server.resetUser(USER);
        // enough one-message chunks for the slow job to still run when stopped (600 took 3.3 s on a quiet machine)
        server.fillCorpus(USER, "bench", 9, "--messages", "1500", "--megabytes", "1");
        ImapSnapshot source = ImapSnapshot.take(server, USER);
        Path jobs = work.resolve("jobs");
        RunJobFiles.backupJob(jobs, "fast", server, USER, "mbox:" + work.resolve("fast"),
                "folders: Newsletters\nschedule: \"* * * * * *\"\n");
        Path slowJob = RunJobFiles.backupJob(jobs, "slow", server, USER, "maildir:" + work.resolve("slow"),
                "schedule: \"* * * * * *\"\noptions:\n  connections: 1\n  chunk-size: 1\n");
        Path schedulerDir = work.resolve("scheduler");
        MailferryCli cli = new MailferryCli(schedulerDir, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString()));
        int port = freePort();

        MailferryCli.Running scheduler = cli.start("schedule", jobs.toString(), "--parallel", "2",
                "--metrics-port", String.valueOf(port));
        RunJobFiles.await(() -> RunJobFiles.count(RunJobFiles.stderrSoFar(schedulerDir), "fast: complete in") >= 3
                        && E2eSupport.maildirMessages(work.resolve("slow")) >= 200,
                Duration.ofMinutes(5), "the fast job completed three times while the slow one runs", schedulerDir);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scheduler.isAlive()).as("the slow run still runs when stopped").isTrue();
        // SIGTERM between two runs of the fast job, which starts on each second: a run it interrupted
        // would end STOPPED, and the fast job's runs are to be all COMPLETED
        RunJobFiles.await(() -> {
            String err = RunJobFiles.stderrSoFar(schedulerDir);
            long inSecond = System.currentTimeMillis() % 1000;
            return RunJobFiles.count(err, "fast: started: ") == RunJobFiles.count(err, "fast: complete in")
                    && inSecond >= 300 && inSecond < 700;
        }, Duration.ofMinutes(1), "the fast job between two runs", schedulerDir);
        ProcessHandle.of(scheduler.pid()).orElseThrow().destroy(); // SIGTERM
        MailferryCli.Result stopped = scheduler.await(Duration.ofMinutes(3));

        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(stopped.err()).contains("fast: scheduled \"* * * * * *\"", "slow: started: backup",
                "slow: not started: its previous run has not ended", "stop requested", "slow: interrupted in",
                "schedule stopped");
        assertThat(metrics).contains("mailferry_job_runs_total{job=\"fast\",outcome=\"complete\"}")
                .contains("spring_batch_job_seconds_count{");

        MailferryCli state = E2eSupport.cli(work);
        List<RunJobFiles.Run> fast = RunJobFiles.runs(state.run("jobs", "list", "--job", "fast", "--json").out());
        List<RunJobFiles.Run> slow = RunJobFiles.runs(state.run("jobs", "list", "--job", "slow", "--json").out());
        assertThat(fast).hasSizeGreaterThanOrEqualTo(3).extracting(RunJobFiles.Run::status).containsOnly("COMPLETED");
        RunJobFiles.assertNoOverlap(fast);
        assertThat(slow).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("STOPPED");
            assertThat(r.outcome()).isEqualTo("interrupted");
        });

        MailferryCli.Result resumed = state.run("run", slowJob.toString(), "--json");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        JsonNode summary = Json.MAPPER.readTree(resumed.out());
        assertThat(summary.path("executionId").asLong()).isGreaterThan(slow.get(0).execution());
        assertThat(summary.path("instanceRun").asLong()).as("the stopped instance is resumed, not a new one").isEqualTo(1);
        assertThat(summary.path("totals").path("copied").asLong()).as("each execution counts what it did itself")
                .isEqualTo(source.size() - slow.get(0).copied());
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + work.resolve("slow")))).isEmpty();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
