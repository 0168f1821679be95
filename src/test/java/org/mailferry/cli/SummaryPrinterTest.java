package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailferry.report.FolderSummary;
import org.mailferry.report.RunSummary;
import org.mailferry.util.DisplayWidth;

class SummaryPrinterTest {

    private static FolderSummary folder(String name, long copied, long deleted) {
        return new FolderSummary(name, name, "completed", copied, copied * 1000, 2, 0, deleted, 0, List.of(), List.of(),
                0, 0, 0, 0, null);
    }

    private static String print(List<FolderSummary> folders) {
        long deleted = folders.stream().mapToLong(FolderSummary::deleted).sum();
        RunSummary.Totals t = new RunSummary.Totals(folders.size(), 0, 30, 30_000, 4, 0, deleted, 0, 0, 0, 0, 0, 0);
        RunSummary s = new RunSummary("backup", 7, 1, "imaps://a@h", "maildir:/x", "complete", 0, null, null, null,
                folders, t);
        StringWriter out = new StringWriter();
        SummaryPrinter.print(s, false, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void columnsShouldAlignByDisplayWidthWithCjkFolderNames() {
        String table = print(List.of(folder("受信トレイ", 10, 0), folder("INBOX", 20, 0)));
        List<String> rows = table.lines().limit(4).toList();

        // everything before the status column (after the last two spaces) is as wide on a terminal in every row
        assertThat(rows).extracting(r -> DisplayWidth.of(r.substring(0, r.lastIndexOf("  "))))
                .as(table).containsOnly(DisplayWidth.of(rows.get(0).substring(0, rows.get(0).lastIndexOf("  "))));
        assertThat(table).doesNotContain("deleted");
    }

    @Test
    void aRunThatDeletedShouldShowTheDeletedColumn() {
        String table = print(List.of(folder("INBOX", 10, 3), folder("Sent", 20, 0)));

        assertThat(table.lines().findFirst().orElseThrow()).contains("skipped  deleted");
        assertThat(table).containsPattern("INBOX\\s+10\\s+2\\s+0\\s+3\\s");
        assertThat(table).containsPattern("total\\s+30\\s+4\\s+0\\s+3\\s");
    }

    @Test
    void anArchiveRerunShouldShowWhatTheTargetHoldsInsteadOfAnEmptyPresentColumn() {
        FolderSummary inbox = new FolderSummary("INBOX", "INBOX", "completed", 2, 2000, 0, 0, 0, 0, List.of(), List.of(),
                0, 0, 0, 0, null, org.mailferry.store.ReadAnomalies.Counts.NONE, 0, List.of(), 0, 1502);
        FolderSummary unknown = new FolderSummary("Sent", "Sent", "completed", 0, 0, 0, 0, 0, 0, List.of(), List.of(),
                0, 0, 0, 0, null);
        RunSummary.Totals t = new RunSummary.Totals(2, 0, 2, 2000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1502);
        StringWriter out = new StringWriter();
        SummaryPrinter.print(new RunSummary("backup", 8, 2, "imaps://a@h", "mbox:/x", "complete", 0, null, null, null,
                List.of(inbox, unknown), t), false, new PrintWriter(out, true));

        String table = out.toString();
        assertThat(table.lines().findFirst().orElseThrow()).contains("copied      held  skipped").doesNotContain("present");
        assertThat(table).containsPattern("INBOX\\s+2\\s+1502\\s+0\\s").containsPattern("Sent\\s+0\\s+-\\s+0\\s")
                .containsPattern("total\\s+2\\s+1502\\s");
    }
}
