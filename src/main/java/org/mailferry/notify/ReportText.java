package org.mailferry.notify;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.mailferry.report.FolderSummary;
import org.mailferry.report.RunSummary;
import org.mailferry.util.SafeText;

/**
 * A run summary as an e-mail reads best: the subject line, and a body of short labelled lines
 * and one line per folder instead of the terminal's fixed-width table (mail clients use
 * proportional fonts). Pure functions.
 */
public final class ReportText {

    private ReportText() {
    }

    /** {@code [mailferry] backup partial: alice@company.com → maildir:/backups/alice}. */
    public static String subject(RunSummary s) {
        return SafeText.escape("[mailferry] " + s.job() + " " + s.outcome() + ": " + mailbox(s.source()) + " → "
                + mailbox(s.target()));
    }

    public static String body(RunSummary s) {
        StringBuilder b = new StringBuilder();
        RunSummary.Totals t = s.totals();
        line(b, "mailferry " + s.job() + " " + s.outcome() + " (exit code " + s.exitCode() + ")");
        if (s.error() != null) {
            line(b, "error: " + s.error());
        }
        line(b, "");
        line(b, "source:    " + s.source());
        line(b, "target:    " + s.target());
        if (s.started() != null) {
            line(b, "started:   " + s.started().truncatedTo(ChronoUnit.SECONDS) + (s.ended() == null ? ""
                    : "  (took " + duration(Duration.between(s.started(), s.ended())) + ")"));
        }
        line(b, "execution: " + s.executionId() + ", run " + s.instanceRun());
        line(b, "");
        line(b, t.copied() + " messages copied (" + mb(t.bytes()) + "), " + t.alreadyPresent() + " already present, "
                + t.flagUpdates() + " flag updates, " + (t.deleted() > 0 ? t.deleted() + " deleted, " : "")
                + t.skipped() + " skipped; " + (t.held() >= 0 ? t.held() + " held in the target; " : "")
                + t.folders() + " folders"
                + (t.foldersFailed() > 0 ? ", " + t.foldersFailed() + " failed" : "")
                + (t.reconnects() + t.throttleWaits() > 0 ? "; " + t.reconnects() + " reconnects, " + t.throttleWaits()
                        + " throttling waits" : ""));
        if (!s.folders().isEmpty()) {
            line(b, "");
            for (FolderSummary f : s.folders()) {
                line(b, "- " + f.folder() + (f.target().equals(f.folder()) ? "" : " → " + f.target()) + ": " + f.status()
                        + ", " + f.copied() + " copied (" + mb(f.bytes()) + "), " + f.alreadyPresent() + " present"
                        + (f.held() >= 0 ? ", " + f.held() + " held" : "") + (f.skipped() > 0 ? ", " + f.skipped() + " skipped" : "")
                        + (f.error() != null ? "; " + f.error() : ""));
                f.skippedMessages().forEach(m -> line(b, "    skipped: " + m));
                f.notes().forEach(n -> line(b, "    note: " + n));
            }
        }
        line(b, "");
        line(b, "The full report is attached as " + ReportMail.ATTACHMENT_NAME + ".");
        return b.toString();
    }

    /** The mailbox part of a store description: the address for IMAP, the whole URI for an archive. */
    static String mailbox(String storeDescription) {
        if (storeDescription == null) {
            return "?";
        }
        int scheme = storeDescription.indexOf("://");
        if (scheme < 0) {
            return storeDescription;
        }
        String rest = storeDescription.substring(scheme + 3);
        int q = rest.indexOf('?');
        rest = q < 0 ? rest : rest.substring(0, q);
        int at = rest.lastIndexOf('@');
        String user = at < 0 ? "" : rest.substring(0, at);
        String hostPort = rest.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 || hostPort.endsWith("]") ? hostPort : hostPort.substring(0, colon);
        return user.contains("@") ? user : user.isEmpty() ? host : user + "@" + host;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String duration(Duration d) {
        long s = d.getSeconds();
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    /** One line of the body: whatever it holds (a server's text, a job name) is escaped, so it stays one line. */
    private static void line(StringBuilder b, String s) {
        b.append(SafeText.escape(s)).append('\n');
    }
}
