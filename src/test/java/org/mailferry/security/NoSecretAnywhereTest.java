package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.e2e.MailferryCli;
import org.mailferry.testing.TestImapServer;
import org.mailferry.testing.TestPostgres;

/**
 * Issue 13, "secrets never echoed", end to end: backup (verbose, JSON, from a job file, with a
 * PostgreSQL job database, with an OAuth2 token), restore, migrate, verify against the mailbox,
 * {@code check}, {@code jobs list/show}, and the scheduler (one run, its metrics served, then
 * SIGTERM) run with known passwords and a token; then every byte they produced is searched for
 * those secrets in every form a client may send them (as typed, Base64 at any alignment, SASL
 * PLAIN, XOAUTH2): stdout, stderr, the scheduler's log, run reports, archives, the H2 job
 * database files read as bytes, every PostgreSQL job table, the metrics file and HTTP answers.
 * The search is first shown to find a planted canary and the known contents of each source.
 */
class NoSecretAnywhereTest {

    private static final String A = TestImapServer.user(49);
    private static final String B = TestImapServer.user(50);
    private static final String C = TestImapServer.user(51);
    private static final String OAUTH_USER = "alice@example.com";
    private static final String TOKEN = "ya29.a0AfB_byC-NoSecretAnywhere13-9tQxR2vLpZk";

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path dir;

    private final List<String> outputs = new ArrayList<>();

    @Test
    void noSecretShouldBeInAnyByteTheRunsProduced() throws Exception {
        server.resetUser(A);
        server.resetUser(B);
        server.resetUser(C);
        server.fillCorpus(A, "demo", 13, "--messages", "12");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path secrets = Files.createDirectories(dir.resolve("secrets")); // not searched: the secrets are there
        Path tokenFile = privateFile(secrets.resolve("token"), TOKEN);
        TestPostgres pg = TestPostgres.get();
        String pgPassword = Files.readString(pg.passwordFile()).strip();
        String pgUrl = pg.newDatabase();
        GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser(OAUTH_USER, OAUTH_USER, TOKEN);
        MailferryCli cli = new MailferryCli(work.resolve("cli"), Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString()));
        String http;
        try {
            String archive = "maildir:" + work.resolve("archive");
            ok(cli, "backup", "--source", imaps(A), "--to", archive, "--password-file", pw(A), "--trust-cert", cert(), "-vv");
            ok(cli, "backup", "--source", imaps(A), "--to", archive, "--password-file", pw(A), "--trust-cert", cert(), "--json");
            ok(cli, "restore", "--from", archive, "--target", imaps(B), "--password-file", pw(B), "--trust-cert", cert(), "-v");
            ok(cli, "migrate", "--source", imaps(A), "--target", imaps(C), "--password-file", pw(A), "--target-password-file",
                    pw(C), "--trust-cert", cert(), "--json", "-vv");
            ok(cli, "verify", archive, "--against", imaps(A), "--password-file", pw(A), "--trust-cert", cert(), "--json");
            ok(cli, "check", imaps(A), "--password-file", pw(A), "--trust-cert", cert(), "-vv");
            String greenUri = "imap://" + OAUTH_USER + "@127.0.0.1:" + greenMail.getImap().getPort() + "?starttls=none";
            ok(cli, "check", greenUri, "--oauth-token-command", "cat " + tokenFile, "--insecure", "--json");
            ok(cli, "backup", "--source", greenUri, "--to", "mbox:" + work.resolve("oauth-archive"), "--oauth-token-command",
                    "cat " + tokenFile, "--insecure", "-vv");
            ok(cli, "backup", "--source", imaps(A), "--to", "mbox:" + work.resolve("pg-archive"), "--password-file", pw(A),
                    "--trust-cert", cert(), "--job-db", pgUrl, "--job-db-user", pg.user(), "--job-db-password-file",
                    pg.passwordFile().toString(), "-vv");
            ok(cli, "jobs", "list", "--job-db", pgUrl, "--job-db-user", pg.user(), "--job-db-password-file",
                    pg.passwordFile().toString(), "--json");

            Path jobs = Files.createDirectories(work.resolve("jobs"));
            Path job = Files.writeString(jobs.resolve("nightly.yaml"), "name: nightly\ntype: backup\nsource:\n  uri: "
                    + imaps(A) + "\n  password-file: " + pw(A) + "\narchive: maildir:" + work.resolve("job-archive")
                    + "\nschedule: \"* * * * * *\"\noptions:\n  trust-cert: " + cert() + "\n");
            ok(cli, "run", job.toString(), "--json", "--metrics-file", work.resolve("mailferry.prom").toString());
            http = scheduleOnce(jobs, work);
            ok(cli, "jobs", "list");
            ok(cli, "jobs", "list", "--json");
            ok(cli, "jobs", "show", "1");
            ok(cli, "jobs", "show", "2", "--json");
        } finally {
            greenMail.stop();
        }

        SecretScan scan = new SecretScan().tree(work).text("HTTP answers of the scheduler", http);
        for (int i = 0; i < outputs.size(); i++) {
            scan.text("output of run " + i, outputs.get(i));
        }
        scan.text("PostgreSQL job database", dump(pg, pgUrl));
        assertTheScanReadsWhatItClaims(scan, work);

        scan.secret("password of " + A, server.password(A), A)
                .secret("password of " + B, server.password(B), B)
                .secret("password of " + C, server.password(C), C)
                .secret("OAuth2 token", TOKEN, OAUTH_USER)
                .secret("job database password", pgPassword, pg.user());
        assertThat(scan.findings()).as("secrets found in what mailferry wrote").isEmpty();

        Path canary = Files.write(work.resolve("canary.log"), ("C: a1 AUTHENTICATE PLAIN\r\nC: " + Base64.getEncoder()
                .encodeToString(("\0" + A + "\0" + server.password(A)).getBytes(StandardCharsets.UTF_8)) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(scan.tree(work).findings()).as("a SASL PLAIN answer planted in a file is found")
                .anyMatch(f -> f.startsWith("password of " + A + " (SASL PLAIN) in " + canary));
    }

    /** Each kind of source holds what it should: the search reads real bytes, not nothing. */
    private void assertTheScanReadsWhatItClaims(SecretScan scan, Path work) throws Exception {
        String h2 = work.resolve("state/jobs/mailferry.mv.db").toString();
        assertThat(scan.sourceNames()).contains(h2);
        assertThat(scan.contains(h2, "imaps://" + A + "@")).as("the H2 job database, read as bytes, holds the source").isTrue();
        assertThat(scan.contains("PostgreSQL job database", "imaps://" + A + "@")).isTrue();
        assertThat(outputs).as("verbose log lines (-vv) are among the outputs searched").anyMatch(o -> o.contains(" INFO "));
        assertThat(scan.contains(work.resolve("mailferry.prom").toString(), "mailferry_job_runs_total")).isTrue();
        assertThat(scan.contains("HTTP answers of the scheduler", "mailferry_job_runs_total")).isTrue();
        try (Stream<Path> reports = Files.list(work.resolve("archive/mailferry-reports"))) {
            Path report = reports.findFirst().orElseThrow();
            assertThat(scan.contains(report.toString(), "\"outcome\"")).as("run reports are read").isTrue();
        }
        assertThat(scan.sourceNames()).as("the scheduler's stderr").anyMatch(n -> n.contains("/scheduler/err-")
                && scan.contains(n, "nightly: complete in"));
        assertThat(scan.sourceNames().stream().filter(n -> n.contains("/archive/") && n.contains("/cur/")).count())
                .as("archived messages are read").isPositive();
    }

    /** Runs the scheduler in its own process until the job completed once, then SIGTERM; returns /metrics and /healthz. */
    private String scheduleOnce(Path jobs, Path work) throws Exception {
        Path dirOfScheduler = work.resolve("scheduler");
        MailferryCli cli = new MailferryCli(dirOfScheduler, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MailferryCli.Running scheduler = cli.start("schedule", jobs.toString(), "--metrics-port", String.valueOf(port), "-v");
        boolean ran = scheduler.awaitWhileRunning(() -> stderrOf(dirOfScheduler).contains("nightly: complete in"),
                Duration.ofSeconds(60));
        assertThat(ran).as("the scheduled job completed\n" + stderrOf(dirOfScheduler)).isTrue();
        HttpClient client = HttpClient.newHttpClient();
        StringBuilder answers = new StringBuilder();
        for (String path : List.of("/metrics", "/healthz")) {
            answers.append(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        }
        ProcessHandle.of(scheduler.pid()).orElseThrow().destroy(); // SIGTERM
        MailferryCli.Result stopped = scheduler.await(Duration.ofSeconds(60));
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        return answers.toString();
    }

    private static String stderrOf(Path workDir) {
        try (Stream<Path> files = Files.list(workDir)) {
            Path err = files.filter(p -> p.getFileName().toString().startsWith("err-")).findFirst().orElse(null);
            return err == null ? "" : Files.readString(err, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Every row of every table of the PostgreSQL job database, as text. */
    private static String dump(TestPostgres pg, String url) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = pg.connect(url)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables of the PostgreSQL job database").isNotEmpty();
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        b.append(table);
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            b.append(' ').append(rs.getString(i));
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    private void ok(MailferryCli cli, String... args) throws Exception {
        MailferryCli.Result r = cli.run(args);
        outputs.add(r.out() + "\n" + r.err());
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
    }

    private String imaps(String user) {
        return "imaps://" + user + "@127.0.0.1:" + server.imapsPort();
    }

    private String pw(String user) {
        return server.passwordFile(user).toString();
    }

    private String cert() {
        return server.cert().toString();
    }

    private static Path privateFile(Path p, String content) throws Exception {
        Files.writeString(p, content + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }
}
