package org.mailferry.job;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.mailferry.store.FlagChange;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.WriteOutcome;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes a chunk to the folder's sink: flag updates, then new messages, durably, before Spring
 * Batch commits the cursor. The sink skips messages it already holds, so a chunk repeated after
 * a crash writes nothing twice. Closes every message it was given. One per partition execution.
 */
public class FolderItemWriter implements ItemWriter<FolderItem> {

    private final FolderCopy copy;

    public FolderItemWriter(FolderCopy copy) {
        this.copy = copy;
    }

    @Override
    public void write(Chunk<? extends FolderItem> chunk) {
        List<FlagChange> flags = new ArrayList<>();
        List<SourceMessage> messages = new ArrayList<>();
        List<Long> deletions = new ArrayList<>();
        for (FolderItem item : chunk) {
            if (item instanceof FolderItem.FlagUpdate f) {
                flags.add(f.change());
            } else if (item instanceof FolderItem.NewMessage m) {
                messages.add(m.message());
            } else if (item instanceof FolderItem.Deletion d) {
                deletions.add(d.uid());
            }
        }
        try {
            if (!flags.isEmpty()) {
                copy.tally().flagsUpdated(copy.sink().updateFlags(flags));
            }
            if (!messages.isEmpty()) {
                var afterWrite = copy.channel().chunks().beforeWrite(copy.target(), messages.get(0).uidValidity(), messages);
                List<WriteOutcome> outcomes = copy.sink().write(messages);
                record(outcomes);
                afterWrite.accept(outcomes.stream().filter(o -> o.kind() == WriteOutcome.Kind.WRITTEN
                        || o.kind() == WriteOutcome.Kind.LINKED).map(WriteOutcome::uid).collect(Collectors.toSet()));
            }
            if (!deletions.isEmpty()) {
                copy.tally().deleted(copy.sink().removeGone(deletions, copy.channel().options().keepGoneFor()));
            }
        } finally {
            messages.forEach(SourceMessage::close);
        }
    }

    private void record(List<WriteOutcome> outcomes) {
        long bytes = 0;
        for (WriteOutcome o : outcomes) {
            switch (o.kind()) {
                case WRITTEN -> {
                    copy.tally().copied(o.bytes());
                    bytes += o.bytes();
                    if (o.reason() != null) {
                        copy.tally().notLinked();
                    }
                }
                case LINKED -> {
                    copy.tally().copied(o.bytes());
                    copy.tally().linked(o.bytes());
                    bytes += o.bytes();
                }
                case ALREADY_PRESENT -> copy.tally().alreadyPresent();
                case REJECTED -> copy.skipped(o.uid(), o.reason());
                case ALTERED -> copy.tally().altered(o.uid(), o.reason());
            }
        }
        copy.channel().progress().written(copy.name(), outcomes.size(), bytes);
    }
}
