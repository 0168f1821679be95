package org.mailferry.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.mailferry.history.RunRecord;
import org.mailferry.util.JsonDocument;
import org.mailferry.util.SafeText;

/**
 * Prints run history: a table of executions ({@code jobs list}) or one in full ({@code jobs show}), or JSON.
 * Whoever can write the job database chooses every string in it: each is printed escaped ({@link SafeText}).
 */
final class RunHistoryPrinter {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private RunHistoryPrinter() {
    }

    static void list(List<RunRecord> runs, boolean json, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.ofList("runs", runs));
            out.flush();
            return;
        }
        if (runs.isEmpty()) {
            out.println("no runs recorded");
            out.flush();
            return;
        }
        int w = Math.max(3, runs.stream().mapToInt(r -> SafeText.escape(r.job()).length()).max().orElse(3));
        String row = "%6s  %-" + w + "s  %-7s  %-19s  %9s  %-11s  %7s  %9s  %7s  %s%n";
        out.printf(row, "ID", "JOB", "TYPE", "STARTED (UTC)", "DURATION", "OUTCOME", "COPIED", "MB", "FOLDERS", "ERROR");
        for (RunRecord r : runs) {
            out.printf(row, r.execution(), SafeText.escape(r.job()), SafeText.escape(r.type()),
                    r.started() == null ? "-" : WHEN.format(r.started()),
                    r.durationMillis() == null ? "-" : duration(r.durationMillis()), SafeText.escape(r.outcome()),
                    r.totals().copied(), String.format("%.1f", r.totals().bytes() / 1e6), folders(r),
                    r.error() == null ? "" : SafeText.escape(r.error()));
        }
        out.flush();
    }

    /** The head of {@code jobs show}: where the run came from and how it ended (the folder table follows). */
    static void head(RunRecord r, PrintWriter out) {
        out.println("execution " + r.execution() + ": " + SafeText.escape(r.job()) + " (" + SafeText.escape(r.type()) + "), "
                + SafeText.escape(r.outcome())
                + (r.exitCode() == null ? "" : ", exit code " + r.exitCode()));
        field(out, "status", r.status());
        field(out, "source", r.source());
        field(out, "target", r.target());
        field(out, "started", r.started() == null ? "-" : r.started().truncatedTo(ChronoUnit.MILLIS).toString());
        field(out, "ended", r.ended() == null ? "-"
                : r.ended().truncatedTo(ChronoUnit.MILLIS) + " (" + duration(r.durationMillis()) + ")");
        if (r.jobFile() != null) {
            field(out, "job file", r.jobFile());
        }
        if (!r.arguments().isEmpty()) {
            field(out, "command", "mailferry " + String.join(" ", r.arguments().stream().map(SafeText::escape).toList()));
        }
        if (r.error() != null) {
            field(out, "error", r.error());
        }
        out.println();
        out.flush();
    }

    /** The recorded plan, pretty-printed JSON indented under a {@code plan:} line, control characters escaped. */
    static void plan(tools.jackson.databind.JsonNode plan, PrintWriter out) {
        out.println("  plan:");
        for (String line : org.mailferry.util.Json.PRETTY.writeValueAsString(plan).split("\n")) {
            out.println("    " + SafeText.escape(line));
        }
        out.println();
        out.flush();
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("  %-9s %s%n", name + ":", SafeText.escape(value));
    }

    private static String folders(RunRecord r) {
        int failed = r.totals().foldersFailed();
        return r.totals().folders() + (failed > 0 ? " (" + failed + " failed)" : "");
    }

    static String duration(long millis) {
        Duration d = Duration.ofMillis(millis);
        long s = d.toSeconds();
        if (s < 60) {
            return String.format("%.1fs", millis / 1000.0);
        }
        return s < 3600 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : (s / 3600) + "h" + String.format("%02d", s % 3600 / 60) + "m";
    }
}
