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
import java.sql.DriverManager;
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
import org.mailferry.job.EngineSettings;
import org.mailferry.testing.TestImapServer;
import org.mailferry.testing.TestPostgres;

/**
 * Issue 13, "secrets never echoed", end to end: backup (verbose, JSON, from a job file, with a
 * PostgreSQL job database, with an OAuth2 token), restore, migrate, verify against the mailbox,
 * {@code check}, {@code jobs list/show}, the scheduler (one run, its metrics served, then
 * SIGTERM) and a fleet backup (a worker process and {@code --distributed}, secret references
 * sealed with the fleet key) run with known passwords, a token and a fleet key; then every byte
 * they produced is searched for those secrets in every form a client or a file may hold them (as
 * typed, URL-encoded, JSON-escaped, Base64 at any alignment, SASL PLAIN, XOAUTH2): stdout,
 * stderr, the scheduler's and the worker's logs, run reports, archives, the H2 job database files
 * read as bytes and table by table (MF_RUN_PLAN among them), every PostgreSQL job table, the
 * metrics file and HTTP answers.
 * The search is first shown to find a planted canary and the known contents of each source.
 */
class NoSecretAnywhereTest {

    private static final String A = TestImapServer.user(49);
    private static final String B = TestImapServer.user(50);
    private static final String C = TestImapServer.user(51);
    private static final String OAUTH_USER = "alice@example.com";
    /** With '/', '+' and '=', so its URL-encoded and Base64 forms differ from it. */
    private static final String TOKEN = "ya29.a0AfB_byC-NoSecret/Anywhere13+9tQxR2vLpZk==";
    private static final String FLEET_KEY = "5eca1ed0fee7c0de13fa11b0a70000c0ffee000000000000000000000badf00d";

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
            fleetRun(secrets, work);
        } finally {
            greenMail.stop();
        }

        SecretScan scan = new SecretScan().tree(work).text("HTTP answers of the scheduler", http);
        for (int i = 0; i < outputs.size(); i++) {
            scan.text("output of run " + i, outputs.get(i));
        }
        try (Connection c = pg.connect(pgUrl)) {
            scan.text("PostgreSQL job database", dump(c));
        }
        EngineSettings h2 = new EngineSettings(work.resolve("state"), null, null, null);
        try (Connection c = DriverManager.getConnection(h2.effectiveJobDbUrl(), "", "")) {
            scan.text("H2 job database, table by table", dump(c));
        }
        assertTheScanReadsWhatItClaims(scan, work);

        scan.secret("password of " + A, server.password(A), A)
                .secret("password of " + B, server.password(B), B)
                .secret("password of " + C, server.password(C), C)
                .secret("OAuth2 token", TOKEN, OAUTH_USER)
                .secret("job database password", pgPassword, pg.user())
                .secret("fleet key", FLEET_KEY);
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
        assertThat(scan.contains("H2 job database, table by table", "MF_RUN_PLAN")).as("the plans, sealed references"
                + " of the fleet run among them, are read").isTrue();
        assertThat(scan.sourceNames()).as("the fleet worker's stderr").anyMatch(n -> n.contains("/fleet-worker/err-")
                && scan.contains(n, "fleet"));
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

    /**
     * A fleet backup: a worker in its own process (secret references from the manager, sealed with
     * the fleet key) and the manager ({@code backup --accounts --distributed}, in this JVM: its
     * output is searched with the others), both verbose.
     */
    private void fleetRun(Path secrets, Path work) throws Exception {
        Path key = privateFile(secrets.resolve("fleet.key"), FLEET_KEY);
        Path accounts = privateFile(secrets.resolve("accounts.csv"), "source,source_secret\n" + imaps(A) + ",file:" + pw(A));
        MailferryCli fleet = new MailferryCli(work.resolve("fleet-worker"), Map.of("MAILFERRY_STATE_DIR",
                work.resolve("state").toString()));
        MailferryCli.Running worker = fleet.start("worker", "--fleet-key-file", key.toString(), "-vv");
        try {
            ok(fleet, "backup", "--accounts", accounts.toString(), "--to", "maildir:" + work.resolve("fleet")
                    + "/{user}", "--trust-cert", cert(), "--distributed", "--fleet-key-file", key.toString(), "-vv");
        } finally {
            MailferryCli.Result stopped = worker.stop(Duration.ofSeconds(60));
            outputs.add(stopped.out() + "\n" + stopped.err());
        }
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

    /** Every row of every table of a job database (its user's schema), as text. */
    private static String dump(Connection c) throws Exception {
        StringBuilder b = new StringBuilder();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).as("tables of the job database").isNotEmpty();
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
