package org.mailferry.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.job.EngineSettings;
import org.mailferry.store.ContentSpooler;

/**
 * Messages in flight: a 32 MiB in-memory budget shared by every account of this run, the rest
 * spooled to {@code STATE/spool/run-<pid>-<n>/} (one per run, as a scheduler runs several in
 * one process), removed at the end (folders of dead processes are swept at the next start).
 */
public record RunSpool(Path dir, ContentSpooler spooler) implements AutoCloseable {

    static final long IN_MEMORY_LIMIT = 1L << 20;
    static final long MEMORY_BUDGET = 32L << 20;

    private static final AtomicInteger RUNS = new AtomicInteger();

    public static RunSpool forThisProcess(EngineSettings engine) {
        sweepDeadSpools(engine.spoolDir());
        Path dir = engine.spoolDir().resolve("run-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
        return new RunSpool(dir, new ContentSpooler(dir, IN_MEMORY_LIMIT, MEMORY_BUDGET));
    }

    /** The stores of {@code r}, sharing this spool and {@code hostLimit} with the other runs of the process. */
    public StoreFactory factory(CopyRequest r, HostConnectionLimit hostLimit) {
        return new StoreFactory(r.tls(), r.tuning().withConnections(r.options().connections()), spooler, hostLimit)
                .compressingArchives(r.compression()).withImapPolicy(r.imap())
                .deduplicatingArchives(r.plan() != null && r.plan().dedupe());
    }

    @Override
    public void close() {
        deleteTree(dir);
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
