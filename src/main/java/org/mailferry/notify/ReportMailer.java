package org.mailferry.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.mailferry.report.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the run report by e-mail when a job ends ({@code --notify-email}). Best effort by
 * contract: a failure to send (server down, login refused, token expired) is one WARN line and
 * a {@code false} return, never an exception, so it can never change a run's exit code. The
 * WARN line names the server and the cause, never a secret. Thread-safe (no state).
 */
public final class ReportMailer {

    private static final Logger LOG = LoggerFactory.getLogger(ReportMailer.class);

    private final NotifySettings settings;

    public ReportMailer(NotifySettings settings) {
        this.settings = settings;
    }

    public NotifySettings settings() {
        return settings;
    }

    /** Sends the report of {@code summary}; true when the server accepted it. */
    public boolean send(RunSummary summary) {
        try (SMTPTransport transport = SmtpSessions.connect(settings.smtp())) {
            MimeMessage message = ReportMail.build(summary, settings, Session.getInstance(new Properties()));
            transport.sendMessage(message, settings.recipients().toArray(InternetAddress[]::new));
            LOG.info("report sent to {} via {}", settings.recipients(), settings.smtp().uri().hostPort());
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("could not send the report to {} via {}: {}", settings.recipients(),
                    settings.smtp().uri().hostPort(), cause(e));
            return false;
        }
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(e.getMessage()).strip();
        return root == e || m.contains(String.valueOf(root.getMessage())) ? m : m + " (" + root.getMessage() + ")";
    }
}
