package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, rows "half the password", "imap5://" and "--job-db … password=": a password typed
 * into a URI never comes back in an error, and an unexpected failure is one line without -v.
 */
class SecretsInErrorsTest {

    @TempDir
    Path dir;

    @Test
    void errorShouldMaskThePasswordWhenItContainsAnAt() {
        CliRun r = CliRun.of("backup", "--source", "imaps://alice:Sup3r@Secret99@127.0.0.1", "--to",
                "maildir:" + dir.resolve("a"), "--state-dir", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("imaps://alice:***@127.0.0.1");
        assertThat(r.all()).doesNotContain("Sup3r").doesNotContain("Secret99");
    }

    @Test
    void errorShouldMaskThePasswordWhenTheSchemeIsUnknown() {
        CliRun r = CliRun.of("backup", "--source", "imap5://alice:TopSecret77@127.0.0.1", "--to",
                "maildir:" + dir.resolve("a"), "--state-dir", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("imap5://alice:***@127.0.0.1");
        assertThat(r.all()).doesNotContain("TopSecret77");
    }

    @Test
    void errorShouldBeOneLineWithoutThePasswordWhenTheJobDatabaseIsUnreachable() {
        CliRun r = CliRun.of("backup", "--source", "imaps://user45@127.0.0.1:1", "--password-env", "HOME",
                "--to", "maildir:" + dir.resolve("a"), "--state-dir", dir.toString(), "--job-db", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=Pg5ecret77");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.all()).as(r.toString()).doesNotContain("Pg5ecret77");
        assertThat(r.err().lines().filter(l -> !l.isBlank()).count()).as(r.toString()).isLessThanOrEqualTo(2);
        assertThat(r.err()).contains("cannot open the job database").doesNotContain("at org.springframework");
    }

    @Test
    void errorShouldNotRepeatThePasswordWhenTheDriverQuotesTheUserPartOfTheJdbcUrl() {
        CliRun r = CliRun.of("jobs", "list", "--state-dir", dir.toString(), "--job-db", "jdbc:postgresql://u:Pg5ecret78@127.0.0.1:1/x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(14);
        assertThat(r.err()).contains("cannot open the job database", "u:***@127.0.0.1");
        assertThat(r.all()).as(r.toString()).doesNotContain("Pg5ecret78");
    }
}
