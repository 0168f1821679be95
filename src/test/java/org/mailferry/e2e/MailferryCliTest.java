package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process CLI of the end-to-end tests: each run has its own environment, output and Spring context. */
class MailferryCliTest {

    @TempDir
    Path work;

    @Test
    void anInProcessRunShouldTakeItsStateDirectoryFromItsOwnEnvironmentAndLeaveTheJvmsAlone() throws Exception {
        MailferryCli a = new MailferryCli(work.resolve("a"), Map.of("MAILFERRY_STATE_DIR", work.resolve("state-a").toString()));
        MailferryCli b = new MailferryCli(work.resolve("b"), Map.of("MAILFERRY_STATE_DIR", work.resolve("state-b").toString()));

        MailferryCli.Result ra = a.run("jobs", "list", "--json");
        MailferryCli.Result rb = b.run("jobs", "list", "--json");

        assertThat(ra.exitCode()).as(ra.toString()).isZero();
        assertThat(rb.exitCode()).as(rb.toString()).isZero();
        assertThat(ra.out()).contains("[");
        assertThat(work.resolve("state-a/jobs")).isDirectory();
        assertThat(work.resolve("state-b/jobs")).isDirectory();
        assertThat(System.getenv("MAILFERRY_STATE_DIR")).as("the JVM's environment is untouched").isNull();
    }

    @Test
    void aRunShouldSeeOnlyItsOwnVariablesAndReportAMissingOneOnItsStderr() throws Exception {
        Path state = work.resolve("state");
        MailferryCli cli = new MailferryCli(work, Map.of("MAILFERRY_STATE_DIR", state.toString()));

        MailferryCli.Result r = cli.run("jobs", "list", "--job-db", "jdbc:postgresql://127.0.0.1:1/none",
                "--job-db-user", "u", "--job-db-password-env", "MF_NOT_SET_ANYWHERE");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("environment variable MF_NOT_SET_ANYWHERE is not set or empty");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theSameCommandInAChildJvmShouldGiveTheSameOutcome() throws Exception {
        MailferryCli cli = new MailferryCli(work, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString()));

        MailferryCli.Result inProcess = cli.run("jobs", "list", "--json");
        MailferryCli.Result child = cli.inChildJvm().run("jobs", "list", "--json");

        assertThat(child.exitCode()).as(child.toString()).isEqualTo(inProcess.exitCode()).isZero();
        assertThat(child.out()).isEqualTo(inProcess.out());
    }
}
