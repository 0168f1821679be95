package org.mailferry.cli;

import java.util.ArrayList;
import java.util.List;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapTuning;
import org.mailferry.job.FolderSelection;
import picocli.CommandLine.Option;

/** Options every copying command shares: folder selection, parallelism, chunking, output. */
public final class RunOptions {

    @Option(names = "--folders", paramLabel = "GLOB", description = "Only folders matching GLOB (repeatable; * matches anything, also /). Default: all.")
    List<String> folders = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip folders matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--connections", defaultValue = "4", paramLabel = "N", description = "IMAP connections per account, at most: folders copied in parallel (one per 100 messages of the mailbox: a small one uses one), idle ones fetching ahead for big folders (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--chunk-size", defaultValue = "100", paramLabel = "N", description = "Messages per commit (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "An IMAP server silent this long counts as a dropped connection: mailferry reconnects and resumes (default: ${DEFAULT-VALUE}). A server sending below 1 KiB/s for 30 s is dropped the same way.")
    int timeout;

    @Option(names = "--json", description = "Print the summary (or a dry run's plan) as JSON on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    /** The IMAP client's knobs with {@code --timeout}. */
    ImapTuning tuning() {
        return ImapTuning.DEFAULT.withReadTimeout(java.time.Duration.ofSeconds(timeout));
    }

    FolderSelection selection() {
        return new FolderSelection(folders, excludes);
    }

    /** Fails with a usage error when a count is not positive. */
    void validate() {
        if (connections < 1 || chunkSize < 1 || timeout < 1) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "--connections, --chunk-size and --timeout must be at least 1");
        }
    }
}
