package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.job.EngineSettings;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;

/**
 * Issue 13, row "someone who can write the job database edits the stored arguments": the
 * arguments recorded hold no secret source, and {@code jobs restart} re-reads the job file instead
 * of running what the database says, so an injected {@code --password-command} never runs; a run
 * started from a command line is resumed only by that command, given its secret options again.
 */
class JobDatabaseTrustTest {

    private static final String USER = TestImapServer.user(48);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path dir;

    @Test
    void restartShouldRereadTheJobFileAndNeverRunWhatTheDatabaseSays() throws Exception {
        server.resetUser(USER);
        Path pw = wrongPasswordFile();
        Path job = dir.resolve("nightly.yaml");
        Files.writeString(job, "name: nightly-" + USER + "\ntype: backup\nsource:\n  uri: imaps://" + USER + "@127.0.0.1:"
                + server.imapsPort() + "\n  password-file: " + pw + "\narchive: maildir:" + dir.resolve("archive")
                + "\noptions:\n  trust-cert: " + server.cert() + "\n");
        String state = "--state-dir=" + dir.resolve("state");

        CliRun failed = CliRun.of("run", job.toString(), state, "--no-progress");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(10);
        List<String> recorded = arguments();
        assertThat(recorded).as("what the job database holds").isNotEmpty()
                .allSatisfy(a -> assertThat(a).doesNotContain("password").doesNotContain(pw.toString()));

        Path marker = dir.resolve("owned");
        String injected = "[\"backup\",\"--source\",\"imaps://" + USER + "@127.0.0.1:" + server.imapsPort()
                + "\",\"--to\",\"maildir:" + dir.resolve("elsewhere") + "\",\"--password-command\",\"touch " + marker
                + "; cat " + server.passwordFile(USER) + "\",\"--insecure\"]";
        int changed = update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE PARAMETER_NAME = 'mailferry.args'",
                injected);
        assertThat(changed).isPositive();
        Files.writeString(pw, server.password(USER) + "\n");

        CliRun restarted = CliRun.of("jobs", "restart", String.valueOf(lastExecution()), state, "--no-progress");

        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(marker).doesNotExist();
        assertThat(dir.resolve("elsewhere")).doesNotExist();
        assertThat(dir.resolve("archive")).isDirectory();
    }

    @Test
    void restartOfACommandLineRunShouldAskForTheCommandAgainInsteadOfASecretFromTheDatabase() throws Exception {
        server.resetUser(USER);
        Path pw = wrongPasswordFile();
        String state = "--state-dir=" + dir.resolve("state");
        CliRun failed = CliRun.of("backup", "--source", "imaps://" + USER + "@127.0.0.1:" + server.imapsPort(), "--to",
                "maildir:" + dir.resolve("archive"), "--password-file", pw.toString(), "--trust-cert", server.cert().toString(),
                state, "--no-progress");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(10);
        assertThat(parameters("'%'")).as("what the job database holds").isNotEmpty()
                .allSatisfy(a -> assertThat(a).doesNotContain("password").doesNotContain(pw.toString()));
        assertThat(plans()).as("the recorded plan (MF_RUN_PLAN)").hasSize(1)
                .allSatisfy(p -> assertThat(p).contains(USER).doesNotContain(pw.toString()).doesNotContain("\"passwordFile\":\""));

        CliRun restarted = CliRun.of("jobs", "restart", String.valueOf(lastExecution()), state, "--no-progress");

        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(2);
        assertThat(restarted.err()).contains("was started from a command line", "run that command again",
                "with its password or OAuth options", "imaps://" + USER + "@127.0.0.1");
        assertThat(dir.resolve("archive").resolve("cur")).as("nothing ran").doesNotExist();
    }

    @Test
    void restartShouldRefuseAJobFileOthersCanChange() throws Exception {
        Path job = dir.resolve("shared.yaml");
        Path pw = Files.writeString(dir.resolve("pw"), "x\n"); // readable, so the run starts, is recorded and fails to connect
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(job, "name: shared\ntype: backup\nsource:\n  uri: imaps://" + USER + "@127.0.0.1:1\n"
                + "  password-file: " + pw + "\narchive: maildir:" + dir.resolve("a") + "\n");
        String state = "--state-dir=" + dir.resolve("state");
        CliRun failed = CliRun.of("run", job.toString(), state, "--no-progress");
        assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
        Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rw-rw-rw-"));

        CliRun restarted = CliRun.of("jobs", "restart", String.valueOf(lastExecution()), state);

        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(2);
        assertThat(restarted.err()).contains("writable by others", "chmod go-w");
    }

    @Test
    void restartShouldQuoteNothingOfAFileTheDatabaseNamesAsTheJobFile() throws Exception {
        server.resetUser(USER);
        Path pw = wrongPasswordFile();
        Path job = dir.resolve("nightly.yaml");
        Files.writeString(job, "name: nightly\ntype: backup\nsource:\n  uri: imaps://" + USER + "@127.0.0.1:"
                + server.imapsPort() + "\n  password-file: " + pw + "\narchive: maildir:" + dir.resolve("archive")
                + "\noptions:\n  trust-cert: " + server.cert() + "\n");
        String state = "--state-dir=" + dir.resolve("state");
        CliRun failed = CliRun.of("run", job.toString(), state, "--no-progress");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(10);
        Path privateYaml = dir.resolve("private.yaml"); // the operator's own, private: what a job file check lets through
        Files.writeString(privateYaml, "Hunter2Private\n");
        Files.setPosixFilePermissions(privateYaml, PosixFilePermissions.fromString("rw-------"));
        int changed = update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE PARAMETER_NAME = 'mailferry.jobFile'",
                privateYaml.toString());
        assertThat(changed).isPositive();

        CliRun restarted = CliRun.of("jobs", "restart", String.valueOf(lastExecution()), state, "--no-progress");
        update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE PARAMETER_NAME = 'mailferry.jobFile'",
                pw.toString());
        CliRun notYaml = CliRun.of("jobs", "restart", String.valueOf(lastExecution()), state, "--no-progress");

        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(2);
        assertThat(restarted.err()).contains(privateYaml.toString(), "not a job file");
        assertThat(restarted.all()).doesNotContain("Hunter2Private");
        assertThat(notYaml.exitCode()).as(notYaml.toString()).isEqualTo(2);
        assertThat(notYaml.err()).contains("not a .yaml file: not read");
        assertThat(notYaml.all()).doesNotContain("not-the-password");
    }

    @Test
    void jobsListAndShowShouldPrintWhatTheDatabaseHoldsEscaped() throws Exception {
        server.resetUser(USER);
        Path job = dir.resolve("nightly.yaml");
        Files.writeString(job, "name: nightly-" + USER + "\ntype: backup\nsource:\n  uri: imaps://" + USER + "@127.0.0.1:"
                + server.imapsPort() + "\n  password-file: " + wrongPasswordFile() + "\narchive: maildir:"
                + dir.resolve("archive") + "\noptions:\n  trust-cert: " + server.cert() + "\n");
        String state = "--state-dir=" + dir.resolve("state");
        assertThat(CliRun.of("run", job.toString(), state, "--no-progress").exitCode()).isEqualTo(10);
        String evil = "\u001b]0;owned\u0007\u001b[2J\r\nERROR forged\u0000\u009b31m\u202e";
        assertThat(update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = PARAMETER_VALUE || ? WHERE PARAMETER_NAME IN"
                + " ('mailferry.job', 'mailferry.jobFile', 'source', 'target', 'selection')", evil)).isEqualTo(5);
        update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE PARAMETER_NAME = 'mailferry.args'",
                Json.MAPPER.writeValueAsString(List.of("run", "x" + evil)));
        update("UPDATE BATCH_JOB_EXECUTION SET EXIT_MESSAGE = ?", "login refused" + evil);
        update("UPDATE BATCH_STEP_EXECUTION SET EXIT_MESSAGE = ?", "folder failed" + evil);
        String id = String.valueOf(lastExecution());

        for (CliRun r : List.of(CliRun.of("jobs", "list", state), CliRun.of("jobs", "list", state, "--json"),
                CliRun.of("jobs", "show", id, state), CliRun.of("jobs", "show", id, state, "--json"))) {
            assertThat(r.terminalControls()).as(r.toString()).isEmpty();
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.all()).as(r.toString()).doesNotContain("\u202e").contains("ERROR forged");
        }
        update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE PARAMETER_NAME = 'mailferry.args'", "{not json");
        for (CliRun r : List.of(CliRun.of("jobs", "list", state), CliRun.of("jobs", "show", id, state))) {
            assertThat(r.exitCode()).as("a damaged record is shown, not an internal error\n" + r).isZero();
        }
    }

    /** A private password file holding a wrong password: the run is recorded, then fails at login (exit 10). */
    private Path wrongPasswordFile() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "not-the-password\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        return pw;
    }

    private Connection db() throws Exception {
        EngineSettings settings = new EngineSettings(dir.resolve("state"), null, null, null);
        return DriverManager.getConnection(settings.effectiveJobDbUrl(), "", "");
    }

    private List<String> arguments() throws Exception {
        return parameters("'mailferry.args'");
    }

    private List<String> plans() throws Exception {
        List<String> plans = new ArrayList<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery("SELECT PLAN FROM MF_RUN_PLAN")) {
            while (rs.next()) {
                plans.add(rs.getString(1));
            }
        }
        return plans;
    }

    /** The values of the job parameters whose names are LIKE {@code pattern} (an SQL literal). */
    private List<String> parameters(String pattern) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_NAME LIKE " + pattern)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private int update(String sql, String value) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }

    private long lastExecution() throws Exception {
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
