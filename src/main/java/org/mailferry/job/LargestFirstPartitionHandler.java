package org.mailferry.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts the biggest folders first (by the message count the partitioner saw, key
 * {@link PartitionContext#plannedSize}), so a large INBOX does not start last and alone: with N connections the
 * run then takes close to max(largest folder, total / N). Spring Batch hands partitions over in
 * hash order otherwise.
 */
public class LargestFirstPartitionHandler extends TaskExecutorPartitionHandler {


    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
            throws Exception {
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingLong((StepExecution s) -> PartitionContext.plannedSize(s.getExecutionContext()))
                .reversed().thenComparing(StepExecution::getStepName));
        return super.doHandle(managerStepExecution, new LinkedHashSet<>(ordered));
    }
}
