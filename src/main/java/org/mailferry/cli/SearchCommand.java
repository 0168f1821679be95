package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.catalog.ArchiveCatalog;
import org.mailferry.catalog.MessageQuery;
import org.mailferry.catalog.MessageSummary;
import org.mailferry.error.ExitCode;
import org.mailferry.store.FolderInfo;
import org.mailferry.util.JsonDocument;
import org.mailferry.util.SafeText;
import org.mailferry.verify.ArchiveLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailferry search ARCHIVE …}: the archived messages that match, with folder and UID. */
@Command(name = "search", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        headerHeading = "%n", header = "Find messages in an archive by sender, recipient, subject, date, Message-ID or text.",
        description = {"Every criterion given must hold; a repeated one means any of its values.",
                "Prints each match with its folder and UID; restore --uid FOLDER:UID brings it back into a mailbox.",
                "Reads the archive message by message (headers only, unless --text): nothing is changed."},
        footer = {"", "Exit codes: 0 searched (whether or not anything matched), 2 usage, 14 unreadable archive.", "",
                "Examples:", "  mailferry search /backups/alice --from bob --subject invoice --since 2026-03-01 --before 2026-04-01",
                "  mailferry search /backups/alice --message-id '<123@example.org>' --json",
                "  mailferry restore --from /backups/alice --target imaps://alice@company.com@outlook.office365.com --uid INBOX:1207"})
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive: maildir:DIR, mbox:DIR, or a directory (its kind is recognised).")
    String archive;

    @Option(names = "--from", paramLabel = "TEXT", description = "From: contains TEXT (same as --sender). Repeatable.")
    List<String> from = new ArrayList<>();

    @Option(names = "--to", paramLabel = "TEXT", description = "To: or Cc: contains TEXT (same as --recipient). Repeatable.")
    List<String> to = new ArrayList<>();

    @Option(names = "--folder", paramLabel = "FOLDER", description = "Search only this folder.")
    String folder;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N matches (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int limit;

    @Option(names = "--json", description = "Print the matches as JSON on stdout.")
    boolean json;

    @Mixin
    QueryOptions query;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        MessageQuery q = query.query(from, to);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<MessageSummary>> found = new LinkedHashMap<>();
        int[] count = {0};
        boolean more;
        try (ArchiveStore store = ArchiveLocator.openForReading(archive)) {
            ArchiveCatalog catalog = new ArchiveCatalog(store);
            List<FolderInfo> folders = folder == null ? catalog.folders() : List.of(LsCommand.find(catalog, folder));
            for (FolderInfo f : folders) {
                catalog.messages(f, q, m -> {
                    if (count[0] >= limit) {
                        return false;
                    }
                    count[0]++;
                    found.computeIfAbsent(m.folder(), k -> new ArrayList<>()).add(m);
                    return true;
                });
                if (count[0] >= limit) {
                    break;
                }
            }
            more = count[0] >= limit;
        }
        if (json) {
            out.println(JsonDocument.of(Map.of("matches", found.values().stream().flatMap(List::stream).toList(),
                    "limitReached", more)));
        } else {
            found.forEach((f, messages) -> {
                out.println(SafeText.escape(f) + ":");
                LsCommand.print(messages, out);
            });
            out.println(count[0] == 0 ? "no message matches " + SafeText.escape(q.describe())
                    : count[0] + " messages match" + (more ? " (--limit reached: there may be more)" : "")
                    + "; restore one with --uid FOLDER:UID");
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
