package org.mailferry.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailferry.archive.ArchiveIdentity;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.catalog.HeaderIndexing;
import org.mailferry.auth.Credentials;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.imap.ImapStore;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.ChannelKeys;
import org.mailferry.job.CopyChannel;
import org.mailferry.job.FolderRetention;
import org.mailferry.job.ProgressListener;
import org.mailferry.report.ReportFiles;
import org.mailferry.report.RunSummaries;
import org.mailferry.report.RunSummary;
import org.mailferry.store.MessageFilter;
import org.mailferry.store.Store;
import org.mailferry.store.TargetLedger;
import org.mailferry.util.ToolVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * What backup, restore and migrate share once their request is built: start the batch engine,
 * open both stores, run the channel (resuming a killed run), apply retention, update the
 * archive's manifest, write the run's report file ({@link ReportFiles}) and return the summary.
 * Printing it is the caller's.
 */
public final class CopyRun {

    private static final Logger LOG = LoggerFactory.getLogger(CopyRun.class);

    private CopyRun() {
    }

    /**
     * Runs {@code r} in an engine of its own.
     *
     * @param warnings where a selection that matches nothing is said (one line each)
     */
    public static RunSummary execute(CopyRequest r, ProgressListener progress, PrintWriter warnings) {
        return execute(r, MessageFilter.ALL, progress, warnings, Launch.STANDALONE);
    }

    /**
     * Runs only the messages of {@code r}'s source that {@code filter} takes (single messages out
     * of an archive). Such a run records nothing about the target (a later full restore must not
     * believe the folder done): what the target already holds is found by matching, as after a
     * lost ledger. Its target must be an IMAP mailbox (an archive would take the filtered run's
     * highest UID as done).
     */
    public static RunSummary execute(CopyRequest r, MessageFilter filter, ProgressListener progress,
                                     PrintWriter warnings, Launch launch) {
        if (filter != MessageFilter.ALL) {
            requireImapTarget(r);
        }
        for (Credentials c : new Credentials[] {r.sourceCredentials(), r.targetCredentials()}) {
            if (c != null) {
                c.checkAvailable(); // before the run is recorded, the archive created or the progress bar drawn
            }
        }
        try (RunSpool spool = RunSpool.forThisProcess(r.engine())) {
            StoreFactory stores = spool.factory(r, HostConnectionLimit.NONE);
            try (Store source = openSource(r, stores)) {
                if (source instanceof ImapStore imap) {
                    imap.openAhead(1); // logs in while the engine starts; the others open when folders need them
                }
                SelectionCheck.verify(source, r.selection(), warnings);
                return launch.inEngine(r.engine(), engine -> filter != MessageFilter.ALL
                        ? run(r, engine, new FilteredStore(source, filter), stores, progress, TargetLedger.NONE,
                                filter.describe(), launch)
                        : run(r, engine, source, stores, progress, launch));
            }
        }
    }

    /** Opens both stores, runs the channel in {@code engine} (resuming a killed run) and returns its summary. */
    public static RunSummary run(CopyRequest r, BatchEngine engine, StoreFactory stores, ProgressListener progress,
                                 Launch launch) {
        try (Store source = openSource(r, stores)) {
            return run(r, engine, source, stores, progress, launch);
        }
    }

    private static Store openSource(CopyRequest r, StoreFactory stores) {
        return stores.open(r.source(), r.sourceCredentials(), false, TargetLedger.NONE, 0);
    }

    private static void requireImapTarget(CopyRequest r) {
        if (!r.target().isImap()) {
            throw new MailferryException(org.mailferry.error.FailureScope.STORE, org.mailferry.error.ExitCode.USAGE,
                    "single messages (--uid, --message-id, header filters) can only be restored into a mailbox"
                            + " (imaps://USER@HOST)");
        }
    }

    /** Opens the target, runs the channel from {@code source} and returns its summary. */
    private static RunSummary run(CopyRequest r, BatchEngine engine, Store source, StoreFactory stores,
                                  ProgressListener progress, Launch launch) {
        TargetLedger ledger = engine.ledger(r.source().describe(), r.target().describe());
        return run(r, engine, source, stores, progress, r.options().resync() ? ledger.forgettingFolders() : ledger,
                r.options().filter().describe(), launch);
    }

    /** @param filter the message filter in words: part of the channel key, so a filtered run is a job of its own */
    private static RunSummary run(CopyRequest r, BatchEngine engine, Store source, StoreFactory stores,
                                  ProgressListener progress, TargetLedger ledger, String filter, Launch launch) {
        try (Store target = stores.open(r.target(), r.targetCredentials(), true, ledger, r.sizeLimit())) {
            if (target instanceof ArchiveStore archive) {
                ArchiveIdentity.requireSource(archive.root(), source.describe());
            }
            String key = ChannelKeys.of(r.verb(), source.describe(), target.describe(), r.selection().describe()
                    + (filter.isEmpty() ? "" : " messages: " + filter));
            CopyChannel channel = new CopyChannel(key, r.verb(), source, target, r.selection(),
                    r.mapping().apply(target), r.options(), progress, launch.origin(),
                    PlanCodec.toJson(r.plan().from(launch.origin())));
            if (target instanceof ArchiveStore archive) {
                channel = channel.withChunkListener(new HeaderIndexing(archive.root()));
            }
            JobExecution execution = engine.runner().run(channel);
            if (target instanceof ArchiveStore archive && r.options().keepDeletedFor() != null
                    && execution.getStatus() == BatchStatus.COMPLETED) {
                FolderRetention.apply(channel, archive).forEach(line -> LOG.warn("retention: {}", line));
            }
            if (target instanceof ArchiveStore archive) {
                updateManifest(archive, source, execution);
            }
            RunSummary summary = RunSummaries.of(execution, engine.repository());
            Path reports = target instanceof ArchiveStore archive ? archive.root().resolve(ReportFiles.ARCHIVE_DIR)
                    : r.engine().stateDir().resolve("reports");
            ReportFiles.write(summary, reports, launch.reportName(r.verb()));
            return summary;
        }
    }

    /**
     * Rewrites the archive's manifest. When the run itself failed (a full disk, say), a manifest
     * that cannot be written is only logged: the run's own error, naming the file that failed,
     * is what the user must see.
     */
    private static void updateManifest(ArchiveStore archive, Store source, JobExecution execution) {
        try {
            ArchiveManifest.update(archive, source.describe(), ToolVersion.version());
        } catch (MailferryException e) {
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                throw e;
            }
            LOG.info("the manifest was not updated: {}", e.getMessage());
        }
    }
}
