package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.cli.CommandLineUsageTest.Outcome;

/**
 * A run that cannot log in is refused before anything is recorded or written: no failed run in
 * the history, no archive directory, one line naming the missing secret.
 */
class PreflightTest {

    @TempDir
    Path dir;

    @Test
    void aMissingPasswordFileShouldBeRefusedBeforeTheRunIsRecordedOrTheArchiveCreated() {
        Path archive = dir.resolve("alice");
        Outcome o = CommandLineUsageTest.run("backup", "--source", "imaps://alice@127.0.0.1:1", "--to", "maildir:" + archive,
                "--password-file", dir.resolve("nope.pass").toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo(String.format("mailferry: password file %s does not exist (--password-file)%n",
                dir.resolve("nope.pass")));
        assertThat(o.out()).as("no summary of a run that never started").isEmpty();
        assertThat(Files.exists(archive)).isFalse();
        assertThat(history()).contains("no runs recorded");
    }

    @Test
    void anUnsetPasswordVariableShouldBeRefusedBeforeTheRunIsRecorded() {
        Outcome o = CommandLineUsageTest.run("restore", "--from", "maildir:" + dir.resolve("a"), "--target",
                "imaps://alice@127.0.0.1:1", "--password-env", "MAILFERRY_TEST_SURELY_UNSET_7Q",
                "--state-dir", dir.resolve("state").toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("environment variable MAILFERRY_TEST_SURELY_UNSET_7Q is not set or empty");
        assertThat(history()).contains("no runs recorded");
    }

    private String history() {
        return CommandLineUsageTest.run("jobs", "list", "--state-dir", dir.resolve("state").toString()).out();
    }
}
