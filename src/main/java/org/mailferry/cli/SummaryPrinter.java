package org.mailferry.cli;

import java.io.PrintWriter;
import org.mailferry.report.FolderSummary;
import org.mailferry.report.RunSummary;
import org.mailferry.util.DisplayWidth;
import org.mailferry.util.JsonDocument;

/** Prints a run summary as a table (people) or JSON ({@code --json}, scripts). */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void print(RunSummary s, boolean json, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.of(s));
            out.flush();
            return;
        }
        if (s.folders().isEmpty()) {
            out.println(s.job() + " " + s.outcome() + " (execution " + s.executionId() + ", exit code " + s.exitCode()
                    + "): no folder copied");
            out.flush();
            return;
        }
        int w = Math.max(6, s.folders().stream().mapToInt(f -> DisplayWidth.of(f.folder())).max().orElse(6));
        RunSummary.Totals t = s.totals();
        Columns c = new Columns(t.held() >= 0, t.held() < 0 || t.alreadyPresent() > 0, t.deleted() > 0);
        row(out, w, c, "folder", "copied", "held", "present", "skipped", "deleted", "MB", "flags", "status");
        for (FolderSummary f : s.folders()) {
            row(out, w, c, f.folder(), f.copied(), f.held() < 0 ? "-" : f.held(), f.alreadyPresent(), f.skipped(),
                    f.deleted(), String.format("%.1f", f.bytes() / 1e6), f.flagUpdates(),
                    f.status() + (f.reconnects() > 0 ? " (" + f.reconnects() + " reconnects)" : ""));
        }
        row(out, w, c, "total", t.copied(), t.held(), t.alreadyPresent(), t.skipped(), t.deleted(),
                String.format("%.1f", t.bytes() / 1e6), t.flagUpdates(),
                t.folders() + " folders" + (t.foldersFailed() > 0 ? ", " + t.foldersFailed() + " failed" : "")
                        + (t.altered() > 0 ? ", " + t.altered() + " altered by the target" : ""));
        if (t.links() != null && t.links().any()) {
            out.printf("dedupe: %d messages stored as hard links to identical ones (%.1f MB not written)%s%n",
                    t.links().linked(), t.links().bytesSaved() / 1e6, t.links().notLinked() == 0 ? ""
                            : "; " + t.links().notLinked() + " copied because the link failed");
        }
        for (FolderSummary f : s.folders()) {
            if (f.excluded() > 0) {
                out.println("note: " + f.folder() + ": " + f.excluded() + " messages left out by the filter");
            }
            for (String n : f.notes()) {
                out.println("note: " + f.folder() + ": " + n);
            }
            for (String m : f.skippedMessages()) {
                out.println("skipped: " + f.folder() + ": " + m);
            }
            for (String m : f.alteredMessages()) {
                out.println("altered: " + f.folder() + ": " + m);
            }
            if (f.anomalies().any()) {
                out.println("server anomalies: " + f.folder() + ": " + anomalies(f.anomalies()));
            }
            if (f.error() != null) {
                out.println("failed: " + f.folder() + ": " + f.error());
            }
        }
        if (s.earlier() != null && s.earlier().executions() > 0) {
            out.printf("resumed: %d earlier attempt%s of this run copied %d messages (%.1f MB); the counts above are this"
                    + " execution's%n", s.earlier().executions(), s.earlier().executions() == 1 ? "" : "s",
                    s.earlier().copied(), s.earlier().bytes() / 1e6);
        }
        out.println(s.job() + " " + s.outcome() + " (execution " + s.executionId() + ", exit code " + s.exitCode() + ")"
                + (s.error() != null ? ": " + s.error() : ""));
        out.flush();
    }

    /**
     * Which optional columns the table has: {@code held} when the target can count what it holds
     * (archives), {@code present} (offered again and found held) when the target cannot or the
     * run found some, {@code deleted} when the run removed something (retention, mirror).
     */
    private record Columns(boolean held, boolean present, boolean deleted) {
    }

    /** One line of the table, the folder column padded to {@code w} terminal columns (CJK names are two wide). */
    private static void row(PrintWriter out, int w, Columns c, Object folder, Object copied, Object held,
                            Object present, Object skipped, Object deleted, Object mb, Object flags, Object status) {
        out.println(DisplayWidth.padRight(String.valueOf(folder), w) + String.format(" %9s", copied)
                + (c.held() ? String.format(" %9s", held) : "") + (c.present() ? String.format(" %9s", present) : "")
                + String.format(" %8s", skipped) + (c.deleted() ? String.format(" %8s", deleted) : "")
                + String.format(" %10s %7s  %s", mb, flags, status));
    }

    /** What the source sent that did not match the request, in words; only non-zero counts. */
    static String anomalies(org.mailferry.store.ReadAnomalies.Counts a) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (a.unrequestedResponses() > 0) {
            parts.add(a.unrequestedResponses() + " responses for UIDs not asked for (dropped)");
        }
        if (a.duplicateResponses() > 0) {
            parts.add(a.duplicateResponses() + " repeated responses for one UID (dropped, the first kept)");
        }
        if (a.sizeMismatches() > 0) {
            parts.add(a.sizeMismatches() + " messages of another size than RFC822.SIZE (kept, real size recorded)");
        }
        if (a.datesSubstituted() > 0) {
            parts.add(a.datesSubstituted() + " unreadable INTERNALDATEs (Date: header or backup time used)");
        }
        return String.join("; ", parts);
    }
}
