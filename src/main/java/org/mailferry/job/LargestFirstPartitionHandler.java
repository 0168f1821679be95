package org.mailferry.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts the biggest folders first (by the message count the partitioner saw, key
 * {@link PartitionContext#plannedSize}), so a large INBOX does not start last and alone: with N connections the
 * run then takes close to max(largest folder, total / N). Spring Batch hands partitions over in
 * hash order otherwise. Runs at most one folder per {@value #MESSAGES_PER_CONNECTION} messages of
 * the mailbox at once (at least one, at most the run's connections): a small mailbox is copied or
 * checked over one connection per side instead of one per folder, which spares a TLS handshake and
 * a login (and the server a process) for each; when a folder's size is unknown, all may run.
 */
public class LargestFirstPartitionHandler extends TaskExecutorPartitionHandler {

    /** Messages of the mailbox that are worth one more connection. */
    static final int MESSAGES_PER_CONNECTION = 100;

    /** Its own threads, as many at once as {@link #parallelism} allows: further partitions wait for a free one. */
    private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("folder-");
    private final int connections;

    /** Runs a job's partitions, at most {@code connections} at once. */
    public LargestFirstPartitionHandler(int connections) {
        this.connections = connections;
        executor.setConcurrencyLimit(connections);
        setTaskExecutor(executor);
        setGridSize(connections);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
            throws Exception {
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingLong((StepExecution s) -> PartitionContext.plannedSize(s.getExecutionContext()))
                .reversed().thenComparing(StepExecution::getStepName));
        executor.setConcurrencyLimit(parallelism(ordered.stream()
                .mapToLong(s -> PartitionContext.plannedSize(s.getExecutionContext())).toArray(), connections));
        return super.doHandle(managerStepExecution, new LinkedHashSet<>(ordered));
    }

    /** Folders run at once for folders of {@code sizes} messages (-1: unknown) and {@code connections} allowed. */
    static int parallelism(long[] sizes, int connections) {
        long total = 0;
        for (long size : sizes) {
            if (size < 0) {
                return connections;
            }
            total += size;
        }
        long wanted = Math.max(1, (total + MESSAGES_PER_CONNECTION - 1) / MESSAGES_PER_CONNECTION);
        return (int) Math.min(connections, wanted);
    }
}
