package org.mailferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many folders of a mailbox run at once: one per 100 messages, within the run's connections. */
class LargestFirstPartitionHandlerTest {

    @Test
    void aSmallMailboxShouldRunItsFoldersOneAfterAnother() {
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {12, 6, 2}, 4)).isEqualTo(1);
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {0, 0, 0}, 4)).isEqualTo(1);
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {}, 4)).isEqualTo(1);
    }

    @Test
    void aLargerMailboxShouldGetAConnectionPerHundredMessagesUpToTheRunsConnections() {
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {150, 40}, 4)).isEqualTo(2);
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {300, 150, 50}, 4)).isEqualTo(4);
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {100_000, 3}, 8)).isEqualTo(8);
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {240}, 2)).isEqualTo(2);
    }

    @Test
    void aFolderOfUnknownSizeShouldLeaveAllConnectionsAllowed() {
        assertThat(LargestFirstPartitionHandler.parallelism(new long[] {5, -1}, 4)).isEqualTo(4);
    }
}
