package org.mailferry.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.SyncState;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition per selected source folder. Partition keys are derived from the folder name
 * alone, so a restart matches the partitions of the failed run (Spring Batch re-lists and keeps
 * the old contexts of matching keys) and picks up folders that appeared meanwhile. Each listing
 * is also recorded as the run's plan ({@link CopyChannel#plan()}), where partitions take their
 * folder from.
 */
public class FolderPartitioner implements Partitioner {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPartitioner.class);
    private static final int MAX_KEY = 80;

    private final CopyChannel channel;

    public FolderPartitioner(CopyChannel channel) {
        this.channel = channel;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> out = new LinkedHashMap<>();
        channel.plan().clear();
        for (FolderInfo f : channel.source().listFolders()) {
            if (!channel.selection().matches(f.path())) {
                continue;
            }
            recordStatus(f);
            ExecutionContext ec = new ExecutionContext();
            FolderStatus status = channel.statuses().get(f.path());
            PartitionFolder planned = PartitionFolder.of(f, channel.mapping().apply(f));
            PartitionContext.savePlan(ec, planned, status == null ? -1 : status.messages()); // -1: unknown
            String key = key(f.path().key());
            channel.plan().put(key, planned);
            out.put(key, ec);
        }
        announceEstimates();
        if (out.isEmpty()) {
            LOG.warn("no folder of {} matches {}", channel.source().describe(), channel.selection().describe());
        }
        return out;
    }

    /**
     * Tells the progress display, before any folder starts, about how many messages each planned
     * folder has still to copy: its STATUS against what the target is known to hold (an archive's
     * manifest; nothing for a mailbox, so all its messages). An upper estimate that each folder
     * corrects when it starts; a folder without STATUS counts when it starts.
     */
    private void announceEstimates() {
        Map<FolderPath, SyncState> held = channel.plan().isEmpty() ? Map.of() : channel.target().heldStates();
        for (PartitionFolder p : channel.plan().values()) {
            FolderStatus status = channel.statuses().get(p.source().path());
            if (status != null) {
                channel.progress().expected(p.source().path().display(),
                        status.estimateToCopy(held.get(p.targetPath())));
            }
        }
    }

    /** Remembers the folder's STATUS for {@link FolderCopy}; a folder that refuses it is left to its step. */
    private void recordStatus(FolderInfo f) {
        try {
            channel.source().status(f).ifPresentOrElse(s -> channel.statuses().put(f.path(), s),
                    () -> channel.statuses().remove(f.path()));
        } catch (MailferryException e) {
            if (e.scope() != FailureScope.FOLDER) {
                throw e;
            }
            channel.statuses().remove(f.path());
        }
    }

    /** The folder name when short, else a prefix plus a hash: step names hold 100 characters. */
    static String key(String folder) {
        if (folder.length() <= MAX_KEY) {
            return folder;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(folder.getBytes(StandardCharsets.UTF_8));
            return folder.substring(0, MAX_KEY - 9) + "~" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
