package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mailferry.job.ProgressTotals;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.SyncState;

/** The progress total is known before the first message and only corrected, on a fake clock. */
class LogLineProgressTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LogLineProgress progress = new LogLineProgress(new PrintWriter(text), 10_000, now::get);

    @Test
    void firstLineShouldCarryTheTotalOfEveryFolderWhenEstimatesCameFirst() {
        progress.expected("INBOX", 30);
        progress.expected("Sent", 12);
        progress.folderStarted("INBOX", 30);
        now.addAndGet(2_000);
        progress.written("INBOX", 10, 2_000_000);

        assertThat(text.toString()).isEqualTo("progress: 10/42 messages, 2.0 MB, 5.0 msg/s, 1.0 MB/s\n");
    }

    @Test
    void linesShouldComeAtMostOncePerIntervalWithTheCorrectedTotal() {
        progress.expected("INBOX", 30);
        progress.expected("Sent", 12);
        progress.folderStarted("INBOX", 30);
        progress.written("INBOX", 10, 0);
        now.addAndGet(9_999);
        progress.written("INBOX", 10, 0);
        progress.folderStarted("Sent", 5); // the estimate was high: 7 of Sent's UIDs were expunged
        now.addAndGet(1);
        progress.written("INBOX", 10, 0);

        assertThat(text.toString().lines().map(l -> l.substring(0, l.indexOf(" messages")))).containsExactly(
                "progress: 10/42", "progress: 30/35");
    }

    @Test
    void totalsShouldKeepWhatWasWrittenBeforeAFolderCountedItsCursor() {
        ProgressTotals t = new ProgressTotals();
        t.estimate("INBOX", 5);
        t.written("INBOX", 2); // messages the sink lost, fetched again before the cursor opened
        t.started("INBOX", 4);
        t.estimate("INBOX", 100); // too late: ignored
        assertThat(t.total()).isEqualTo(6);
        t.written("INBOX", 3);
        t.finished("INBOX"); // one was expunged meanwhile
        assertThat(t.total()).isEqualTo(5);
        assertThat(t.done()).isEqualTo(5);
    }

    @Test
    void estimateShouldCountOnlyUidsAboveWhatTheSinkHoldsOfTheSameGeneration() {
        FolderStatus status = new FolderStatus(7, 101, 0, 80);
        assertThat(status.estimateToCopy(null)).as("nothing held").isEqualTo(80);
        assertThat(status.estimateToCopy(new SyncState(6, 100, 0))).as("other generation").isEqualTo(80);
        assertThat(status.estimateToCopy(new SyncState(7, 90, 0))).isEqualTo(10);
        assertThat(status.estimateToCopy(new SyncState(7, 100, 0))).isZero();
        assertThat(status.estimateToCopy(new SyncState(7, 5, 0))).as("never more than the folder has").isEqualTo(80);
        assertThat(new FolderStatus(7, 0, 0, 80).estimateToCopy(new SyncState(7, 90, 0))).as("no UIDNEXT")
                .isEqualTo(80);
    }
}
