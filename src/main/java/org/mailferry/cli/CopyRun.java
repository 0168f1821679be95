package org.mailferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.mailferry.archive.ArchiveIdentity;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.archive.Compression;
import org.mailferry.auth.Credentials;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.ImapStore;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.BatchEngine;
import org.mailferry.error.MailferryException;
import org.mailferry.job.ChannelKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.mailferry.job.FolderRetention;
import org.mailferry.job.CopyChannel;
import org.mailferry.job.CopyOptions;
import org.mailferry.job.EngineSettings;
import org.mailferry.job.FolderSelection;
import org.mailferry.job.ProgressListener;
import org.mailferry.job.RunOrigin;
import org.mailferry.job.StoreFactory;
import org.mailferry.notify.ReportMailer;
import org.mailferry.report.ReportFiles;
import org.mailferry.report.RunSummaries;
import org.mailferry.report.RunSummary;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.Store;
import org.mailferry.store.StoreUri;
import org.mailferry.store.TargetLedger;
import org.springframework.batch.core.job.JobExecution;

/**
 * What backup, restore and migrate share once their options are parsed: start the batch engine,
 * open both stores, run the channel (resuming a killed run), write the run's report file
 * ({@link ReportFiles}), print the summary, return the exit code.
 */
final class CopyRun {

    static final long IN_MEMORY_LIMIT = 1L << 20;
    static final long MEMORY_BUDGET = 32L << 20;

    /**
     * @param mapping   source folder to target folder, given the opened target store (it may list it)
     * @param sizeLimit largest message sent to an IMAP target, 0 for the server's APPENDLIMIT only
     */
    record Request(String verb, StoreUri source, Credentials sourceCredentials, StoreUri target,
                   Credentials targetCredentials, FolderSelection selection,
                   Function<Store, Function<FolderInfo, FolderPath>> mapping, CopyOptions options,
                   long sizeLimit, TlsSettings tls, ImapTuning tuning, EngineSettings engine, boolean json,
                   boolean progress, Compression compression, ImapPolicy imap) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CopyRun.class);

    private CopyRun() {
    }

    /** Runs, prints the summary, mails it when asked ({@code --notify-email}), returns the exit code. */
    static int execute(Request r, Optional<ReportMailer> mailer, PrintWriter out, PrintWriter err) {
        for (Credentials c : new Credentials[] {r.sourceCredentials(), r.targetCredentials()}) {
            if (c != null) {
                c.checkAvailable(); // before the run is recorded, the archive created or the progress bar drawn
            }
        }
        try (Spool spool = Spool.forThisProcess(r.engine())) {
            StoreFactory stores = spool.factory(r, HostConnectionLimit.NONE);
            try (Store source = openSource(r, stores)) {
                if (source instanceof ImapStore imap) {
                    imap.openAhead(r.options().connections()); // logs in while the engine starts
                }
                SelectionCheck.verify(source, r.selection(), err);
                try (BatchEngine engine = BatchEngine.start(r.engine())) {
                    return execute(r, engine, source, stores, mailer, out, err);
                }
            }
        }
    }

    private static int execute(Request r, BatchEngine engine, Store source, StoreFactory stores,
                               Optional<ReportMailer> mailer, PrintWriter out, PrintWriter err) {
        ProgressListener progress = r.progress() && !r.json() && System.console() != null
                ? new TerminalProgress(r.verb()) : new LogLineProgress(err, 10_000);
        RunSummary summary;
        try {
            summary = run(r, engine, source, stores, progress);
        } finally {
            if (progress instanceof TerminalProgress t) {
                t.close();
            }
        }
        SummaryPrinter.print(summary, r.json(), out);
        mailer.ifPresent(m -> m.send(summary));
        if (summary.error() != null) {
            err.println("mailferry: " + summary.error());
            err.flush();
        }
        return summary.exitCode();
    }

    /** Opens both stores, runs the channel (resuming a killed run) and returns its summary. */
    static RunSummary run(Request r, BatchEngine engine, StoreFactory stores, ProgressListener progress) {
        try (Store source = openSource(r, stores)) {
            return run(r, engine, source, stores, progress);
        }
    }

    private static Store openSource(Request r, StoreFactory stores) {
        return stores.open(r.source(), r.sourceCredentials(), false, TargetLedger.NONE, 0);
    }

    /** Opens the target, runs the channel from {@code source} and returns its summary. */
    private static RunSummary run(Request r, BatchEngine engine, Store source, StoreFactory stores,
                                  ProgressListener progress) {
        TargetLedger ledger = engine.ledger(r.source().describe(), r.target().describe());
        try (Store target = stores.open(r.target(), r.targetCredentials(), true,
                     r.options().resync() ? ledger.forgettingFolders() : ledger, r.sizeLimit())) {
            if (target instanceof ArchiveStore archive) {
                ArchiveIdentity.requireSource(archive.root(), source.describe());
            }
            String key = ChannelKeys.of(r.verb(), source.describe(), target.describe(), r.selection().describe());
            CopyChannel channel = new CopyChannel(key, r.verb(), source, target, r.selection(),
                    r.mapping().apply(target), r.options(), progress);
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
            ReportFiles.write(summary, reports, RunOrigin.current().map(RunOrigin::jobName).orElse(r.verb()));
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
            ArchiveManifest.update(archive, source.describe(), VersionProvider.version());
        } catch (MailferryException e) {
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                throw e;
            }
            LOG.info("the manifest was not updated: {}", e.getMessage());
        }
    }

    /**
     * Messages in flight: a 32 MiB in-memory budget shared by every account of this run, the rest
     * spooled to {@code STATE/spool/run-<pid>-<n>/} (one per run, as a scheduler runs several in
     * one process), removed at the end (folders of dead processes are swept at the next start).
     */
    record Spool(Path dir, ContentSpooler spooler) implements AutoCloseable {

        private static final AtomicInteger RUNS = new AtomicInteger();

        static Spool forThisProcess(EngineSettings engine) {
            sweepDeadSpools(engine.spoolDir());
            Path dir = engine.spoolDir().resolve("run-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
            return new Spool(dir, new ContentSpooler(dir, IN_MEMORY_LIMIT, MEMORY_BUDGET));
        }

        StoreFactory factory(Request r, HostConnectionLimit hostLimit) {
            return new StoreFactory(r.tls(), r.tuning().withConnections(r.options().connections()), spooler, hostLimit).compressingArchives(r.compression())
                    .withImapPolicy(r.imap());
        }

        @Override
        public void close() {
            deleteTree(dir);
        }
    }

    /** Removes spool folders left by processes that died (SIGKILL leaves them behind). */
    private static void sweepDeadSpools(Path spoolRoot) {
        if (!Files.isDirectory(spoolRoot)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(spoolRoot)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("run-")).forEach(d -> {
                try {
                    String name = d.getFileName().toString();
                    int end = name.indexOf('-', 4);
                    long pid = Long.parseLong(end < 0 ? name.substring(4) : name.substring(4, end));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        deleteTree(d);
                    }
                } catch (NumberFormatException e) {
                    // not ours
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: swept at the next start
        }
    }
}
