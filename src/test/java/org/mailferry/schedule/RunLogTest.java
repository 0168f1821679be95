package org.mailferry.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.history.RunRecord;
import org.mailferry.jobfile.JobFile;
import org.mailferry.jobfile.JobFileParser;
import org.mailferry.report.RunSummary;

/**
 * Issue 13, row "control characters … forge extra log lines in the scheduler's journal": whatever
 * a server put into a run's error, the scheduler logs one line for the run's end, escaped, with
 * any password in a URI masked.
 */
class RunLogTest {

    @TempDir
    Path dir;

    @Test
    void aServerMessageInARunsErrorShouldStayOnOneEscapedLine() throws Exception {
        Path f = Files.writeString(dir.resolve("nightly.yaml"),
                "name: nightly\ntype: backup\nsource: imaps://a@h\narchive: maildir:/a\nschedule: \"0 0 3 * * *\"\n");
        JobFile job = JobFileParser.parse(f);
        String error = "folder Evil\u001b]0;owned\u0007: NO \u001b[2Jdenied\r\n2026-12-01T03:00:00Z nightly: complete"
                + " via imaps://a:Hunter2x@h\u009b";
        RunRecord run = new RunRecord(7, "nightly", "backup", "FAILED", "failed", 13, Instant.EPOCH, Instant.EPOCH, 0L,
                "imaps://a@h", "maildir:/a", f.toString(), List.of(), error,
                new RunSummary.Totals(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of());
        StringWriter out = new StringWriter();

        new RunLog(new PrintWriter(out)).ended(job, 13, run, Duration.ofSeconds(2));

        String logged = out.toString();
        assertThat(logged.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("nightly: failed in 2.0 s, exit code 13 (execution 7")
                .contains("folder Evil\\x1b]0;owned\\x07: NO \\x1b[2Jdenied\\r\\n2026-12-01T03:00:00Z nightly: complete")
                .contains("imaps://a:***@h\\x9b")
                .doesNotContain("Hunter2x"));
        assertThat(logged.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f)).isEmpty();
    }
}
