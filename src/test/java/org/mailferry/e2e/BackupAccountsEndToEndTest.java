package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * {@code backup --accounts FILE --to 'maildir:DIR/{user}'}: many mailboxes, each into its own
 * archive, in this process and on a local fleet (a worker process sharing the state directory's
 * H2 job database). Mailboxes: bkacct001.. (test-imap-server.sh serve-copies).
 */
class BackupAccountsEndToEndTest {

    private static final int ACCOUNTS = 3;
    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void eachAccountGoesToItsOwnArchiveHereAndOnAWorker() throws Exception {
        server.script("serve-copies", "bkacct", String.valueOf(ACCOUNTS), MaildirCorpus.write(work.resolve("corpus")).toString());
        List<String> rows = new ArrayList<>(List.of("source,source_secret"));
        for (int i = 1; i <= ACCOUNTS; i++) {
            rows.add("imaps://" + user(i) + "@" + server.host() + ":" + server.imapsPort() + ",file:"
                    + server.passwordFile(user(i)));
        }
        Path accounts = Files.write(work.resolve("staff.csv"), rows);
        MailferryCli cli = E2eSupport.cli(work);

        MailferryCli.Result here = cli.run("backup", "--accounts", accounts.toString(), "--to",
                "maildir:" + work.resolve("here") + "/{user}", "--trust-cert", server.cert().toString(), "--parallel", "2");
        assertThat(here.exitCode()).as(here.toString()).isZero();
        assertThat(here.out()).contains("backup complete: " + ACCOUNTS + " complete");
        assertArchivesExact(work.resolve("here"));

        Path key = Files.writeString(work.resolve("fleet.key"), "aa".repeat(32) + "\n");
        // the worker's secrets come from its own accounts file: the job database names none
        MailferryCli.Running worker = cli.start("worker", "--fleet-key-file", key.toString(), "--metrics-port", "0",
                "--accounts", accounts.toString());
        MailferryCli.Result fleet = cli.run("backup", "--accounts", accounts.toString(), "--to",
                "maildir:" + work.resolve("fleet") + "/{user}", "--trust-cert", server.cert().toString(), "--distributed",
                "--fleet-key-file", key.toString());
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics")
                .matcher(worker.errSoFar());
        assertThat(port.find()).as(worker.errSoFar()).isTrue();
        String metrics = new String(java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/metrics").toURL()
                .openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        MailferryCli.Result stopped = worker.stop(Duration.ofSeconds(60));
        assertThat(metrics).as("the worker's own metrics")
                .contains("mailferry_job_runs_total{job=\"fleet backup\",outcome=\"complete\"} " + ACCOUNTS + ".0");
        assertThat(fleet.exitCode()).as(fleet + "\n--- worker\n" + stopped.err()).isZero();
        assertThat(fleet.out()).contains("backup complete: " + ACCOUNTS + " complete").contains("pid " + worker.pid());
        assertArchivesExact(work.resolve("fleet"));
        assertThat(jobDatabaseText()).as("plans and partitions in the job database").contains("bkacct001")
                .doesNotContain(server.passwordFile(user(FIRST)).toString()).doesNotContain("passwordFile\":\"/");

        MailferryCli.Result shared = cli.run("backup", "--accounts", accounts.toString(), "--to",
                "maildir:" + work.resolve("one"), "--trust-cert", server.cert().toString());
        assertThat(shared.exitCode()).isEqualTo(2);
        assertThat(shared.err()).contains("each account needs an archive of its own: put {user} in --to");
    }

    /** Every text the job database holds in the plans of the runs and the contexts of the fleet's partitions. */
    private String jobDatabaseText() throws Exception {
        var settings = new org.mailferry.job.EngineSettings(work.resolve("state"), null, null, null);
        StringBuilder all = new StringBuilder();
        try (var c = java.sql.DriverManager.getConnection(settings.effectiveJobDbUrl(), "", "")) {
            for (String sql : List.of("SELECT PLAN FROM MF_RUN_PLAN", "SELECT SHORT_CONTEXT FROM BATCH_STEP_EXECUTION_CONTEXT",
                    "SELECT SERIALIZED_CONTEXT FROM BATCH_STEP_EXECUTION_CONTEXT", "SELECT PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS")) {
                try (var rs = c.createStatement().executeQuery(sql)) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    /** The accounts' mailboxes, which no backup changes: taken once, compared with both runs' archives. */
    private final Map<String, ImapSnapshot> sources = new HashMap<>();

    private void assertArchivesExact(Path dir) {
        for (int i = 1; i <= ACCOUNTS; i++) {
            ImapSnapshot source = sources.computeIfAbsent(user(i), u -> ImapSnapshot.take(server, u));
            assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + dir.resolve(user(i))))).as(user(i)).isEmpty();
        }
    }

    /** The first account of the served copies (a helper's number, not a test user of the server). */
    private static final int FIRST = 1;

    private static String user(int i) {
        return String.format("bkacct%03d", i);
    }
}
