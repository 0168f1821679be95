package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.testing.TestPostgres;

/**
 * Many machines on one: a manager ({@code migrate --accounts --distributed}) and worker processes
 * sharing a PostgreSQL job database. A worker is SIGKILLed in the middle and the manager finds
 * its accounts lost at once (its process is gone; a worker on another host: by its lease); the manager is SIGKILLed too, a worker joins late, the
 * manager is run again: every account whose secrets work arrives exact
 * (bytes, flags, internal dates, nothing twice), an account with a wrong password and one whose
 * secret file no worker has fail alone, with their reasons. Mailboxes: fleetsrc001.. and
 * fleetdst001.. (test-imap-server.sh serve-copies).
 */
class FleetEndToEndTest {

    private static final int ACCOUNTS = 60;
    private static final int GOOD = ACCOUNTS - 2;
    /** Messages of each source (MaildirCorpus.write: INBOX 40, Sent 10, Archive 10). */
    private static final int MESSAGES = 60;
    /** Connections to the one test server, all workers together. */
    private static final int CAP = 8;

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void everyAccountArrivesExactlyThroughAWorkerKillAManagerKillAndALateWorker() throws Exception {
        Path corpus = MaildirCorpus.write(work.resolve("corpus"));
        Path empty = MaildirCorpus.empty(work.resolve("empty"));
        server.script("serve-copies", "fleetsrc", String.valueOf(ACCOUNTS), corpus.toString());
        server.script("serve-copies", "fleetdst", String.valueOf(ACCOUNTS), empty.toString());
        Path wrong = Files.writeString(work.resolve("wrong-password"), "not-the-password\n");
        Path accounts = work.resolve("accounts.csv");
        List<String> rows = new ArrayList<>(List.of("source,source_secret,target,target_secret"));
        for (int i = 1; i <= ACCOUNTS; i++) {
            String sourceSecret = i == ACCOUNTS - 1 ? "file:" + work.resolve("no-such-secret") : "file:" + server.passwordFile(src(i));
            String targetSecret = i == ACCOUNTS ? "file:" + wrong : "file:" + server.passwordFile(dst(i));
            rows.add(uri(src(i)) + "," + sourceSecret + "," + uri(dst(i)) + "," + targetSecret);
        }
        Files.write(accounts, rows);
        Path key = Files.writeString(work.resolve("fleet.key"), "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");

        TestPostgres pg = TestPostgres.get();
        String url = pg.newDatabase();
        List<String> shared = List.of("--job-db", url, "--job-db-user", pg.user(), "--job-db-password-file",
                pg.passwordFile().toString(), "--fleet-key-file", key.toString());
        MailferryCli cli = E2eSupport.cli(work);
        String[] manager = args(List.of("migrate", "--accounts", accounts.toString(), "--distributed",
                "--trust-cert", server.cert().toString(), "--connections", "1", "--max-messages-per-second", "60", "--max-connections-per-host", String.valueOf(CAP)),
                shared);
        String[] worker = args(List.of("worker", "--parallel", "3"), shared); // secrets: the manager's, sealed

        MailferryCli.Running w1 = cli.start(worker);
        MailferryCli.Running w2 = cli.start(worker);
        MailferryCli.Running m1 = cli.start(manager);
        MailferryCli.Running w3;
        try (Connection db = pg.connect(url)) {
            long[] mostSlots = {0};
            assertThat(m1.awaitWhileRunning(() -> {
                mostSlots[0] = Math.max(mostSlots[0], count(db, "SELECT COUNT(*) FROM MF_HOST_SLOT"));
                // polled closely, this often kills the worker just as it marks an account done: the
                // window where a partition's status was saved and its context not yet (AccountStep.saveOutcome)
                return completed(db) >= 4 && runningOn(db, w1.pid()) >= 1;
            }, Duration.ofMinutes(3))).as("four accounts done and one running on the first worker").isTrue();
            assertThat(mostSlots[0]).as("connections of the whole fleet to the server").isBetween(1L, (long) CAP);
            w1.kill9();
            // the manager sees the lost worker (on this host: its process is gone; elsewhere: by its
            // lease), then is killed itself; a worker joins late
            long killed = System.nanoTime();
            assertThat(m1.awaitWhileRunning(() -> errOf(m1).contains("pid " + w1.pid() + " is gone (its process ended);"
                    + " the account is run again by another worker"), Duration.ofMinutes(2))).as(errOf(m1)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("found lost without waiting for its lease")
                    .isLessThan(org.mailferry.schedule.JobLeases.TIME_TO_LIVE);
            m1.kill9();
            w3 = cli.start(worker);
        }
        MailferryCli.Result rerun = cli.run(manager); // in this JVM: its exit code and output are the point, not a process
        MailferryCli.Result stopped2 = w2.stop(Duration.ofSeconds(60));
        MailferryCli.Result stopped3 = w3.stop(Duration.ofSeconds(60));

        assertThat(rerun.exitCode()).as(rerun + "\n--- worker 2\n" + stopped2.err() + "\n--- worker 3\n" + stopped3.err())
                .isEqualTo(3);
        assertThat(rerun.out()).contains("migrate partial: " + GOOD + " complete, 0 partial, 2 failed");
        String[] lines = rerun.out().split("\n");
        // every source is a copy of one corpus (serve-copies: same bytes, flags and file times), which
        // the migration only reads: one snapshot, taken after the run, stands for each of them
        ImapSnapshot source = ImapSnapshot.take(server, src(1));
        assertThat(source.size()).isEqualTo(MESSAGES);
        assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, src(GOOD)))).as("the sources are alike").isEmpty();
        for (int i = 1; i <= GOOD; i++) {
            String account = uri(src(i)) + " -> " + uri(dst(i));
            assertThat(lines).as(account).anyMatch(l -> l.startsWith("complete") && l.contains(account));
            assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, dst(i))))
                    .as("%s: exact, nothing twice", account).isEmpty();
        }
        assertThat(rerun.out()).contains("no-such-secret").containsIgnoringCase("does not exist");
        assertThat(rerun.out()).as("the wrong password fails its account alone")
                .containsPattern("failed +" + java.util.regex.Pattern.quote(uri(src(ACCOUNTS))) + ".*\\n.*(password|authentication|login)");
        assertThat(rerun.out()).as("accounts name the worker that ran them")
                .containsAnyOf("pid " + w2.pid(), "pid " + w3.pid());
        assertThat(rerun.err()).contains("resuming");

        long fleetRun;
        try (Connection db = pg.connect(url)) {
            fleetRun = count(db, "SELECT MAX(E.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I"
                    + " ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = 'fleet'");
        }
        MailferryCli.Result shown = cli.run(args(List.of("jobs", "show", String.valueOf(fleetRun), "--json"), shared
                .subList(0, 6)));
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        tools.jackson.databind.JsonNode accountsShown = org.mailferry.util.Json.MAPPER.readTree(shown.out()).path("accounts");
        assertThat(accountsShown.size()).isEqualTo(ACCOUNTS);
        for (tools.jackson.databind.JsonNode a : accountsShown) {
            assertThat(a.path("worker").asString()).as("the worker of %s", a.path("source")).contains(" pid ");
        }
    }

    private static String errOf(MailferryCli.Running r) {
        try {
            return r.errSoFar();
        } catch (IOException e) {
            return "";
        }
    }

    private static String[] args(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private String uri(String user) {
        return "imaps://" + user + "@" + server.host() + ":" + server.imapsPort();
    }

    private static String src(int i) {
        return String.format("fleetsrc%03d", i);
    }

    private static String dst(int i) {
        return String.format("fleetdst%03d", i);
    }

    private static long completed(Connection db) {
        return count(db, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'account:%' AND STATUS = 'COMPLETED'");
    }

    private static long runningOn(Connection db, long pid) {
        return count(db, "SELECT COUNT(*) FROM MF_JOB_LEASE WHERE JOB_NAME LIKE 'account %' AND PID = " + pid);
    }

    private static long count(Connection db, String sql) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // the tables appear with the first process
        }
    }
}
