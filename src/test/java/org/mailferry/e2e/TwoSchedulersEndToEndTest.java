package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.testing.TestPostgres;

/**
 * Two {@code mailferry schedule} processes, each with its own state directory (two machines), share
 * one PostgreSQL job database and the same once-a-second job: the job's runs, as the shared
 * history records them, never overlap, the loser of each race logs that the job runs elsewhere,
 * and the archive ends equal to the server.
 */
class TwoSchedulersEndToEndTest {

    private static final String USER = TestImapServer.user(21);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void twoSchedulersSharingAPostgresqlJobDatabaseShouldNeverRunTheSameJobAtOnce() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String[] jobDb = {"--job-db", pg.newDatabase(), "--job-db-user", pg.user(),
                "--job-db-password-file", pg.passwordFile().toString()};
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 21, "--messages", "200", "--megabytes", "0.4");
        ImapSnapshot source = ImapSnapshot.take(server, USER);
        Path archive = work.resolve("archive");
        Path jobs = work.resolve("jobs");
        RunJobFiles.backupJob(jobs, "shared", server, USER, "maildir:" + archive,
                "schedule: \"* * * * * *\"\noptions:\n  connections: 1\n  chunk-size: 2\n");

        List<Path> dirs = List.of(work.resolve("machine-a"), work.resolve("machine-b"));
        List<MailferryCli.Running> schedulers = new ArrayList<>();
        for (Path dir : dirs) {
            MailferryCli cli = new MailferryCli(dir, Map.of("MAILFERRY_STATE_DIR", dir.resolve("state").toString()));
            schedulers.add(cli.start(concat(new String[] {"schedule", jobs.toString()}, jobDb)));
        }
        try {
            RunJobFiles.await(() -> completedRuns(dirs) >= 3 && refusals(dirs) >= 1, Duration.ofMinutes(5),
                    "three runs completed and one start was refused because the other scheduler ran the job", dirs.get(0));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- stderr of the second scheduler\n"
                    + RunJobFiles.stderrSoFar(dirs.get(1)), e);
        }
        List<MailferryCli.Result> results = new ArrayList<>();
        for (MailferryCli.Running s : schedulers) {
            ProcessHandle.of(s.pid()).orElseThrow().destroy(); // SIGTERM
        }
        for (MailferryCli.Running s : schedulers) {
            results.add(s.await(Duration.ofMinutes(3)));
        }

        for (MailferryCli.Result r : results) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("schedule stopped");
        }
        MailferryCli history = new MailferryCli(work.resolve("history"), Map.of("MAILFERRY_STATE_DIR",
                work.resolve("history-state").toString()));
        MailferryCli.Result list = history.run(concat(new String[] {"jobs", "list", "--job", "shared", "--json"}, jobDb));
        assertThat(list.exitCode()).as(list.toString()).isZero();
        List<RunJobFiles.Run> runs = RunJobFiles.runs(list.out());
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
        assertThat(runs).extracting(RunJobFiles.Run::status).isSubsetOf("COMPLETED", "STOPPED");
        RunJobFiles.assertNoOverlap(runs);
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + archive))).isEmpty();
    }

    private static int completedRuns(List<Path> dirs) {
        return dirs.stream().mapToInt(d -> RunJobFiles.count(RunJobFiles.stderrSoFar(d), "shared: complete in")).sum();
    }

    private static int refusals(List<Path> dirs) {
        return dirs.stream().mapToInt(d -> RunJobFiles.count(RunJobFiles.stderrSoFar(d), "is already running (")).sum();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
