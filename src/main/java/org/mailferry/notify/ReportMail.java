package org.mailferry.notify;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.mailferry.report.RunSummary;
import org.mailferry.util.Json;

/**
 * The report e-mail: subject with the outcome ({@link ReportText#subject}), a plain-text body
 * ({@link ReportText#body}) and the JSON summary ({@code --json}'s format) as an attachment.
 */
final class ReportMail {

    static final String ATTACHMENT_NAME = "mailferry-report.json";

    private ReportMail() {
    }

    static MimeMessage build(RunSummary summary, NotifySettings settings, Session session) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(settings.from());
        m.setRecipients(MimeMessage.RecipientType.TO, settings.recipients().toArray(InternetAddress[]::new));
        m.setSubject(ReportText.subject(summary), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("Auto-Submitted", "auto-generated");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(ReportText.body(summary), StandardCharsets.UTF_8.name());
        MimeBodyPart json = new MimeBodyPart();
        json.setDataHandler(new DataHandler(new ByteArrayDataSource(Json.PRETTY.writeValueAsBytes(summary),
                "application/json; charset=UTF-8")));
        json.setFileName(ATTACHMENT_NAME);
        m.setContent(new MimeMultipart(text, json));
        m.saveChanges();
        return m;
    }
}
