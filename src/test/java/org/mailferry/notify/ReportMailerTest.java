package org.mailferry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.auth.CommandTokenSource;
import org.mailferry.auth.FileSecret;
import org.mailferry.auth.OAuthCredentials;
import org.mailferry.auth.PasswordCredentials;
import org.mailferry.imap.TlsSettings;
import org.mailferry.report.FolderSummary;
import org.mailferry.report.RunSummary;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The report e-mail as a local SMTP server (GreenMail) receives it, and a failure to send. */
class ReportMailerTest {

    private static final String USER = "alice@company.com";

    @TempDir
    Path dir;

    private GreenMail mail;
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        mail.setUser(USER, USER, "smtp-secret");
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(ReportMailer.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(ReportMailer.class)).detachAppender(log);
        mail.stop();
    }

    static RunSummary partialBackup() {
        FolderSummary inbox = new FolderSummary("INBOX", "INBOX", "completed", 120, 2_500_000, 3, 4, 0, 1,
                List.of("uid 42: the server sent no body"), List.of(), 1, 0, 0, 0, null);
        FolderSummary projects = new FolderSummary("Projects/2026", "Projects/2026", "failed", 10, 100_000, 0, 0, 0, 0,
                List.of(), List.of(), 0, 0, 0, 0, "UIDVALIDITY changed during the run");
        return new RunSummary("backup", 7, 2, "imaps://alice@company.com@outlook.office365.com:993",
                "maildir:/backups/alice", "partial", 3, null, Instant.parse("2026-03-01T02:00:00Z"),
                Instant.parse("2026-03-01T02:12:03Z"), List.of(inbox, projects),
                new RunSummary.Totals(2, 1, 130, 2_600_000, 3, 4, 0, 1, 1, 0, 0, 0, 0));
    }

    @Test
    void theReportTextShouldCarryNoControlCharacterAndForgeNoLineWhateverTheSummaryHolds() {
        String evil = "x\u001b]0;owned\u0007\r\nfolders: all fine\u009b\u202e";
        FolderSummary folder = new FolderSummary("INBOX" + evil, "INBOX" + evil, "failed", 0, 0, 0, 0, 0, 1,
                List.of("uid 1" + evil), List.of("note" + evil), 0, 0, 0, 0, "EXAMINE failed" + evil);
        RunSummary s = new RunSummary("backup" + evil, 7, 2, "imaps://alice@example.org" + evil, "maildir:/b" + evil,
                "failed", 13, "cannot log in" + evil, null, null, List.of(folder),
                new RunSummary.Totals(0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0));

        String subject = ReportText.subject(s);
        List<String> lines = ReportText.body(s).lines().toList();

        assertThat(subject + String.join("", lines)).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u202e]");
        assertThat(lines).noneMatch(l -> l.startsWith("folders: all fine"));
        assertThat(lines).anyMatch(l -> l.startsWith("error: cannot log in") && l.contains("\\r\\nfolders: all fine"));
    }

    private NotifySettings settings(SmtpUri uri, org.mailferry.auth.Credentials credentials) throws Exception {
        return new NotifySettings(List.of(new InternetAddress("admin@company.com")), new InternetAddress(USER),
                new SmtpEndpoint(uri, credentials, new TlsSettings(List.of(), true), SmtpEndpoint.DEFAULT_TIMEOUT));
    }

    private SmtpUri greenMail() {
        return SmtpUri.parse("smtp://" + USER + "@127.0.0.1:" + mail.getSmtp().getPort() + "?starttls=none");
    }

    @Test
    void sendShouldDeliverSubjectTextAndJsonReport() throws Exception {
        Path password = secretFile("pw", "smtp-secret\n");
        ReportMailer mailer = new ReportMailer(settings(greenMail(), new PasswordCredentials(USER,
                new FileSecret(password, "--smtp-password-file"))));

        assertThat(mailer.send(partialBackup())).isTrue();

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[mailferry] backup partial: alice@company.com → maildir:/backups/alice");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("admin@company.com");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        Multipart parts = (Multipart) m.getContent();
        String body = (String) parts.getBodyPart(0).getContent();
        assertThat(body).contains("mailferry backup partial (exit code 3)")
                .contains("130 messages copied (2.6 MB)")
                .contains("- Projects/2026: failed, 10 copied (0.1 MB), 0 present; UIDVALIDITY changed during the run")
                .contains("skipped: uid 42: the server sent no body")
                .contains("took 12 min 3 s");
        Part attachment = parts.getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("mailferry-report.json");
        try (InputStream in = attachment.getInputStream()) {
            JsonNode json = Json.MAPPER.readTree(in);
            assertThat(json.path("outcome").asString()).isEqualTo("partial");
            assertThat(json.path("totals").path("copied").asLong()).isEqualTo(130);
        }
    }

    @Test
    void sendWithAnOAuthTokenShouldLogInWithXoauth2() throws Exception {
        mail.setUser("bob@company.com", "bob@company.com", "token-for-smtp");
        SmtpUri uri = SmtpUri.parse("smtp://bob@company.com@127.0.0.1:" + mail.getSmtp().getPort() + "?starttls=none");
        ReportMailer mailer = new ReportMailer(settings(uri, new OAuthCredentials("bob@company.com",
                new CommandTokenSource("echo token-for-smtp", "--oauth-token-command"))));

        assertThat(mailer.send(partialBackup())).isTrue();

        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aFailureToSendShouldBeOneWarningAndNoException() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ReportMailer mailer = new ReportMailer(settings(SmtpUri.parse("smtp://127.0.0.1:" + closed), null));

        assertThat(mailer.send(partialBackup())).isFalse();

        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getLevel().toString()).isEqualTo("WARN");
        assertThat(log.list.get(0).getFormattedMessage()).contains("could not send the report to [admin@company.com]")
                .contains("127.0.0.1:" + closed).doesNotContain("\n");
    }

    @Test
    void aRefusedLoginShouldNotRevealThePassword() throws Exception {
        Path password = secretFile("pw", "wrong-secret\n");
        ReportMailer mailer = new ReportMailer(settings(greenMail(), new PasswordCredentials(USER, new FileSecret(password))));

        assertThat(mailer.send(partialBackup())).isFalse();

        assertThat(log.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .doesNotContain("wrong-secret"));
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    /** A file only its owner can read, as secrets should be. */
    private Path secretFile(String name, String content) throws java.io.IOException {
        Path p = dir.resolve(name);
        PrivateFiles.writeAtomically(p, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return p;
    }
}
