package org.mailferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.mailferry.auth.Credentials;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.BatchEngine;
import org.mailferry.job.ChannelKeys;
import org.mailferry.job.CopyChannel;
import org.mailferry.job.EngineSettings;
import org.mailferry.job.FolderSelection;
import org.mailferry.job.ProgressListener;
import org.mailferry.job.StoreFactory;
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
 * What backup, restore and migrate share once their options are parsed: open both stores, start
 * the batch engine, run the channel (resuming a killed run), print the summary, return the exit
 * code. Messages in flight share a 32 MiB in-memory budget; the rest is spooled under the state
 * directory in a per-process folder removed at the end.
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
                   Function<Store, Function<FolderInfo, FolderPath>> mapping, int connections, int chunkSize,
                   long sizeLimit, TlsSettings tls, ImapTuning tuning, EngineSettings engine, boolean json,
                   boolean progress) {
    }

    private CopyRun() {
    }

    static int execute(Request r, PrintWriter out, PrintWriter err) {
        Path spool = r.engine().spoolDir().resolve("run-" + ProcessHandle.current().pid());
        sweepDeadSpools(r.engine().spoolDir());
        StoreFactory stores = new StoreFactory(r.tls(), r.tuning(), new ContentSpooler(spool, IN_MEMORY_LIMIT, MEMORY_BUDGET));
        try (BatchEngine engine = BatchEngine.start(r.engine());
             Store source = stores.open(r.source(), r.sourceCredentials(), false, TargetLedger.NONE, 0);
             Store target = stores.open(r.target(), r.targetCredentials(), true,
                     engine.ledger(r.source().describe(), r.target().describe()), r.sizeLimit())) {
            ProgressListener progress = r.progress() && !r.json() && System.console() != null
                    ? new TerminalProgress(r.verb()) : new LogLineProgress(err, 10_000);
            String key = ChannelKeys.of(r.verb(), source.describe(), target.describe(), r.selection().describe());
            CopyChannel channel = new CopyChannel(key, r.verb(), source, target, r.selection(),
                    r.mapping().apply(target), r.connections(), r.chunkSize(), progress);
            JobExecution execution;
            try {
                execution = engine.runner().run(channel);
            } finally {
                if (progress instanceof TerminalProgress t) {
                    t.close();
                }
            }
            RunSummary summary = RunSummaries.of(execution, engine.repository());
            SummaryPrinter.print(summary, r.json(), out);
            if (summary.error() != null) {
                err.println("mailferry: " + summary.error());
                err.flush();
            }
            return summary.exitCode();
        } finally {
            deleteTree(spool);
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
                    long pid = Long.parseLong(d.getFileName().toString().substring(4));
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
