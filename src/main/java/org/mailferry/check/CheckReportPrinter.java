package org.mailferry.check;

import java.io.PrintWriter;
import org.mailferry.util.JsonDocument;

/** Prints a {@link CheckReport}: one line per step with ✓, ! or ✗ (people), or JSON ({@code --json}). */
public final class CheckReportPrinter {

    private CheckReportPrinter() {
    }

    public static void print(CheckReport report, boolean json, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.of(report));
            out.flush();
            return;
        }
        out.println("checking " + report.target() + " (" + report.protocol() + ", provider " + report.provider() + ")");
        for (CheckStep s : report.steps()) {
            out.println(s.status().mark() + " " + s.name() + ": " + s.detail());
            s.notes().forEach(n -> out.println("    " + n));
            if (s.fix() != null) {
                out.println("    fix: " + s.fix());
            }
        }
        out.println(report.passed() ? "all checks passed" : "check failed (exit code " + report.exitCode() + ")");
        out.flush();
    }
}
