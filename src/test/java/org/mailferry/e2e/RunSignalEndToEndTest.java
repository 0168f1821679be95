package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;

/**
 * Runs stopped in the middle against the real Dovecot: SIGTERM to {@code mailferry run} and to a
 * plain {@code backup} (exit code 16, the execution STOPPED, resumed by {@code jobs restart} or the
 * same command), and SIGKILL followed by {@code jobs abandon} (the next run starts a new instance).
 * Every archive ends up equal to the server: nothing lost, nothing twice. Small: {@value #MESSAGES}
 * messages of about 1 KB in chunks of one, each run stopped at {@value #STOP_AT} with twice as many
 * still to copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSignalEndToEndTest {

    private static final String USER = TestImapServer.user(40);
    private static final long MESSAGES = 300;
    private static final long STOP_AT = 100;

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot source;

    @TempDir
    Path work;

    @BeforeAll
    void fillManySmallMessages() {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 11, "--messages", String.valueOf(MESSAGES), "--megabytes", "0.35");
        source = ImapSnapshot.take(server, USER);
        assertThat(source.size()).isEqualTo(MESSAGES);
    }

    @Test
    void sigtermShouldStopARunAfterItsChunkAndJobsRestartShouldFinishIt() throws Exception {
        Path archive = work.resolve("restarted");
        Path job = RunJobFiles.backupJob(work.resolve("jobs"), "signal-run", server, USER, "maildir:" + archive,
                "options:\n  chunk-size: 1\n  connections: 2\n");
        Path runDir = work.resolve("run");
        MailferryCli cli = new MailferryCli(runDir, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString()));

        MailferryCli.Running run = cli.start("run", job.toString());
        stopWhenHolding(run, archive, false);
        MailferryCli.Result stopped = run.await(Duration.ofMinutes(3));

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(16);
        assertThat(stopped.err()).contains("SIGTERM: stopping after the current chunk");
        assertThat(stopped.out()).contains("backup interrupted");
        List<RunJobFiles.Run> runs = RunJobFiles.runs(cli.run("jobs", "list", "--json").out());
        assertThat(runs).singleElement().extracting(RunJobFiles.Run::status).isEqualTo("STOPPED");

        MailferryCli.Result restarted = cli.run("jobs", "restart", String.valueOf(runs.get(0).execution()), "--json");
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(Json.MAPPER.readTree(restarted.out()).path("instanceRun").asLong()).isEqualTo(1);
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + archive))).isEmpty();
        assertThat(RunJobFiles.runs(cli.run("jobs", "list", "--json").out()))
                .extracting(RunJobFiles.Run::status).containsExactly("COMPLETED", "STOPPED");
    }

    @Test
    void sigtermShouldStopAPlainBackupWithExitCode16AndTheSameCommandShouldResumeIt() throws Exception {
        Path archive = work.resolve("plain");
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", "mbox:" + archive, "--chunk-size", "1",
                credentials(server, USER));
        MailferryCli cli = new MailferryCli(work.resolve("plain-cli"), Map.of("MAILFERRY_STATE_DIR",
                work.resolve("plain-state").toString()));

        MailferryCli.Running run = cli.start(backup);
        stopWhenHolding(run, archive, true);
        MailferryCli.Result stopped = run.await(Duration.ofMinutes(3));
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(16);

        MailferryCli.Result resumed = cli.run(args(backup, "--json"));
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(Json.MAPPER.readTree(resumed.out()).path("instanceRun").asLong()).isEqualTo(1);
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("mbox:" + archive))).isEmpty();
    }

    @Test
    void aKilledRunShouldBeAbandonableAndTheNextRunShouldStartAfreshWithoutDuplicates() throws Exception {
        Path archive = work.resolve("abandoned");
        Path job = RunJobFiles.backupJob(work.resolve("jobs"), "killed-run", server, USER, "maildir:" + archive,
                "options:\n  chunk-size: 1\n");
        Path runDir = work.resolve("killed");
        MailferryCli cli = new MailferryCli(runDir, Map.of("MAILFERRY_STATE_DIR", work.resolve("killed-state").toString()));

        MailferryCli.Running run = cli.start("run", job.toString());
        boolean reached = run.awaitWhileRunning(() -> E2eSupport.maildirMessages(archive) >= STOP_AT, Duration.ofMinutes(5));
        assertStillRunning(run, reached);
        run.kill9();
        List<RunJobFiles.Run> runs = RunJobFiles.runs(cli.run("jobs", "list", "--json").out());
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("running"));

        MailferryCli.Result abandoned = cli.run("jobs", "abandon", String.valueOf(runs.get(0).execution()));
        assertThat(abandoned.exitCode()).as(abandoned.toString()).isZero();
        assertThat(abandoned.out()).contains("abandoned: the next run of job killed-run starts afresh");

        MailferryCli.Result next = cli.run("run", job.toString(), "--json");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(Json.MAPPER.readTree(next.out()).path("instanceRun").asLong()).as("a new instance").isEqualTo(2);
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + archive))).isEmpty();
        assertThat(RunJobFiles.runs(cli.run("jobs", "list", "--json").out())).extracting(RunJobFiles.Run::status)
                .containsExactly("COMPLETED", "ABANDONED");
    }

    /** Sends SIGTERM once the archive holds {@link #STOP_AT} messages, while the run still runs. */
    private static void stopWhenHolding(MailferryCli.Running run, Path archive, boolean mbox) throws InterruptedException {
        boolean reached = run.awaitWhileRunning(() -> (mbox ? E2eSupport.mboxIndexedMessages(archive)
                : E2eSupport.maildirMessages(archive)) >= STOP_AT, Duration.ofMinutes(5));
        assertStillRunning(run, reached);
        ProcessHandle.of(run.pid()).orElseThrow().destroy();
    }

    /** Fails (killing the run, so it writes no more into the test's directory) unless it reached the mark alive. */
    private static void assertStillRunning(MailferryCli.Running run, boolean reached) throws InterruptedException {
        if (!reached || !run.isAlive()) {
            String what = run.isAlive() ? "did not reach " : "ended before ";
            run.kill9();
            throw new AssertionError("the run " + what + STOP_AT + " messages");
        }
    }
}
