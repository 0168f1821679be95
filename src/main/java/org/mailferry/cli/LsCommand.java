package org.mailferry.cli;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.catalog.ArchiveCatalog;
import org.mailferry.catalog.MessageQuery;
import org.mailferry.catalog.MessageSummary;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.util.DisplayWidth;
import org.mailferry.util.JsonDocument;
import org.mailferry.util.SafeText;
import org.mailferry.verify.ArchiveLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailferry ls ARCHIVE [FOLDER]}: the archive's folders, or a folder's messages, paged. */
@Command(name = "ls", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        headerHeading = "%n", header = "List an archive's folders, or the messages of one folder.",
        description = {"Without FOLDER: every folder with its message count and size.",
                "With FOLDER: its messages in UID order (UID, date received, from, subject), --limit at a time.",
                "The UID is what restore --uid FOLDER:UID takes."},
        footer = {"", "Exit codes: 0 listed, 2 usage (no such archive or folder), 14 unreadable archive.", "",
                "Examples:", "  mailferry ls /backups/alice", "  mailferry ls /backups/alice INBOX --offset 100",
                "  mailferry ls mbox:/backups/bob Work/Clients --json"})
public final class LsCommand implements Callable<Integer> {

    static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive: maildir:DIR, mbox:DIR, or a directory (its kind is recognised).")
    String archive;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FOLDER", description = "A folder, as the first form lists it.")
    String folder;

    @Option(names = "--limit", paramLabel = "N", description = "Messages per page (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N messages (the next page).", defaultValue = "0")
    int offset;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ArchiveStore store = ArchiveLocator.openForReading(archive)) {
            ArchiveCatalog catalog = new ArchiveCatalog(store);
            if (folder == null) {
                List<ArchiveCatalog.FolderEntry> entries = catalog.folders().stream().map(catalog::entry).toList();
                printFolders(entries, out);
            } else {
                FolderInfo f = find(catalog, folder);
                List<MessageSummary> page = new ArrayList<>();
                int[] seen = {0};
                catalog.messages(f, MessageQuery.ANY, m -> {
                    if (seen[0]++ >= offset) {
                        page.add(m);
                    }
                    return page.size() <= limit; // one more than the page says whether there is a next one
                });
                boolean more = page.size() > limit;
                printMessages(more ? page.subList(0, limit) : page, more, out);
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }

    static FolderInfo find(ArchiveCatalog catalog, String name) {
        List<FolderInfo> all = catalog.folders();
        Optional<FolderInfo> f = all.stream().filter(i -> i.path().display().equals(name)).findFirst();
        return f.orElseThrow(() -> new MailferryException(FailureScope.STORE, ExitCode.USAGE, "no folder "
                + SafeText.escape(name) + " in the archive; it has: " + String.join(", ",
                all.stream().map(i -> SafeText.escape(i.path().display())).toList())));
    }

    private void printFolders(List<ArchiveCatalog.FolderEntry> entries, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.of(java.util.Map.of("folders", entries)));
            return;
        }
        int w = Math.max(6, entries.stream().mapToInt(e -> DisplayWidth.of(SafeText.escape(e.folder()))).max().orElse(6));
        out.println(DisplayWidth.padRight("folder", w) + String.format(" %9s %10s", "messages", "MB"));
        long messages = 0;
        long bytes = 0;
        for (ArchiveCatalog.FolderEntry e : entries) {
            out.println(DisplayWidth.padRight(SafeText.escape(e.folder()), w)
                    + String.format(" %9d %10.1f", e.messages(), e.bytes() / 1e6));
            messages += e.messages();
            bytes += e.bytes();
        }
        out.println(DisplayWidth.padRight("total", w) + String.format(" %9d %10.1f", messages, bytes / 1e6));
    }

    private void printMessages(List<MessageSummary> page, boolean more, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.of(java.util.Map.of("messages", page, "more", more)));
            return;
        }
        print(page, out);
        if (more) {
            out.println("… more: mailferry ls " + archive + " " + folder + " --offset " + (offset + limit));
        }
    }

    /** One line per message: UID, date received, from, subject; server text escaped. */
    static void print(List<MessageSummary> messages, PrintWriter out) {
        int w = Math.max(3, messages.stream().mapToInt(m -> String.valueOf(m.uid()).length()).max().orElse(3));
        for (MessageSummary m : messages) {
            out.println(String.format("%" + w + "d", m.uid()) + "  " + DAY_TIME.format(m.internalDate()) + "  "
                    + DisplayWidth.padRight(clip(SafeText.escape(m.from()), 30), 30) + "  " + SafeText.escape(m.subject()));
        }
    }

    static String clip(String s, int columns) {
        if (DisplayWidth.of(s) <= columns) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (DisplayWidth.of(b.toString() + Character.toString(cp)) > columns - 1) {
                break;
            }
            b.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return b + "…";
    }
}
