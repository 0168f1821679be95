package org.mailferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.ReadAnomalies;
import org.mailferry.store.RetryStats;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class PartitionContextTest {

    @Test
    void whatIsSavedShouldReadBackTyped() {
        ExecutionContext ec = new ExecutionContext();
        PartitionFolder planned = PartitionFolder.of(FolderInfo.of(FolderPath.of("Work/Clients")), FolderPath.of("Archive/Clients"));
        PartitionContext.savePlan(ec, planned, 1234);
        PartitionContext.saveCursor(ec, new PartitionContext.Cursor(7, 99, true));
        PartitionContext.Tally tally = new PartitionContext.Tally(3, 4096, 2, 1, 0, 1, 15, 1, List.of("UID 5: no body"),
                List.of("UID 6: headers altered"), List.of("created folder"), new ReadAnomalies.Counts(1, 0, 2, 0), 4);
        PartitionContext.saveTally(ec, tally);

        assertThat(PartitionContext.plan(ec)).contains(planned);
        assertThat(PartitionContext.plannedSize(ec)).isEqualTo(1234);
        assertThat(PartitionContext.cursor(ec)).contains(new PartitionContext.Cursor(7, 99, true));
        assertThat(PartitionContext.tally(ec)).isEqualTo(tally);
    }

    @Test
    void aDroppedCursorAndResetRetriesShouldLeaveNothingBehind() {
        ExecutionContext ec = new ExecutionContext();
        PartitionContext.saveCursor(ec, new PartitionContext.Cursor(7, 99, true));
        PartitionContext.saveCursor(ec, new PartitionContext.Cursor(7, 120, false));
        assertThat(PartitionContext.cursor(ec)).contains(new PartitionContext.Cursor(7, 120, false));
        PartitionContext.dropCursor(ec);
        assertThat(PartitionContext.cursor(ec)).isEmpty();

        RetryStats r = new RetryStats();
        r.reconnected();
        PartitionContext.addRetries(ec, r);
        PartitionContext.addRetries(ec, r);
        assertThat(PartitionContext.retries(ec).reconnects()).isEqualTo(2);
        PartitionContext.resetRetries(ec);
        assertThat(PartitionContext.retries(ec)).isEqualTo(new PartitionContext.Retries(0, 0, 0));
        assertThat(PartitionContext.tally(ec)).isEqualTo(PartitionContext.Tally.NONE);
    }

    @Test
    void aContextWithoutAReadablePlanShouldHaveNone() {
        ExecutionContext ec = new ExecutionContext();
        assertThat(PartitionContext.plan(ec)).isEmpty();
        PartitionContext.replacePlan(ec, PartitionFolder.of(FolderInfo.of(FolderPath.of("INBOX")), FolderPath.of("INBOX")));
        assertThat(PartitionContext.plan(ec)).isPresent();
        ec.putString("partition.folder", "{not json");
        assertThat(PartitionContext.plan(ec)).isEmpty();
    }
}
