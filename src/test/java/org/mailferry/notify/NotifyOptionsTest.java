package org.mailferry.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.auth.Credentials;
import org.mailferry.cli.AuthOptions;
import org.mailferry.cli.NotifyOptions;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.TlsSettings;
import org.mailferry.store.StoreUri;
import org.mailferry.store.StoreUri.Security;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --notify-email} and its SMTP settings as a job command gets them, through picocli. */
class NotifyOptionsTest {

    @TempDir
    Path state;

    @Command
    static final class Job {
        @Mixin
        AuthOptions auth;

        @Mixin
        NotifyOptions notify;
    }

    private final PrintWriter err = new PrintWriter(new StringWriter(), true);

    private record Parsed(StoreUri source, Credentials credentials, Optional<ReportMailer> mailer) {
    }

    private Parsed parse(String source, String... args) {
        Job job = new Job();
        new CommandLine(job).parseArgs(args);
        StoreUri uri = StoreUri.parse(source);
        Credentials credentials = job.auth.credentials(uri, state, err);
        return new Parsed(uri, credentials, job.notify.mailer(uri, job.auth, credentials, new TlsSettings(java.util.List.of(), true), state, err));
    }

    @Test
    void withoutNotifyEmailThereShouldBeNoMailer() {
        assertThat(parse("imaps://bob@mail.example.org", "--password-command", "echo pw").mailer()).isEmpty();
    }

    @Test
    void smtpOptionsWithoutNotifyEmailShouldBeAUsageError() {
        assertThatThrownBy(() -> parse("imaps://bob@mail.example.org", "--password-command", "echo pw",
                "--smtp", "smtp://bob@mail.example.org")).isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("need --notify-email");
                });
    }

    @Test
    void theProviderShouldGiveTheSmtpServerAndTheSourceLoginBeReused() {
        Parsed p = parse("imaps://alice@gmail.com@imap.gmail.com", "--password-command", "echo app-password",
                "--notify-email", "admin@example.org");

        SmtpEndpoint smtp = p.mailer().orElseThrow().settings().smtp();
        assertThat(smtp.uri()).isEqualTo(new SmtpUri("alice@gmail.com", "smtp.gmail.com", 587, Security.STARTTLS));
        assertThat(smtp.credentials()).isSameAs(p.credentials());
        assertThat(p.mailer().orElseThrow().settings().from().getAddress()).isEqualTo("alice@gmail.com");
    }

    @Test
    void aServerWithoutKnownSmtpShouldAskForSmtp() {
        assertThatThrownBy(() -> parse("imaps://bob@mail.example.org", "--password-command", "echo pw",
                "--notify-email", "admin@example.org")).hasMessageContaining("--notify-email needs --smtp smtp://USER@HOST");
    }

    @Test
    void anotherSmtpUserShouldNeedItsOwnPassword() {
        assertThatThrownBy(() -> parse("imaps://bob@mail.example.org", "--password-command", "echo pw",
                "--notify-email", "admin@example.org", "--smtp", "smtp://reports@relay.example.org"))
                .hasMessageContaining("no password for reports at relay.example.org:587: give --smtp-password-file");
        Parsed p = parse("imaps://bob@mail.example.org", "--password-command", "echo pw", "--notify-email",
                "admin@example.org", "--smtp", "smtp://reports@relay.example.org", "--smtp-password-env", "RELAY_PW");
        assertThat(p.mailer().orElseThrow().settings().smtp().credentials().describe())
                .isEqualTo("password from --smtp-password-env RELAY_PW");
    }

    @Test
    void aBadAddressShouldBeAUsageError() {
        assertThatThrownBy(() -> parse("imaps://alice@gmail.com@imap.gmail.com", "--password-command", "echo pw",
                "--notify-email", "not an address")).hasMessageContaining("--notify-email not an address is not an e-mail address");
    }

    @Test
    void theReportShouldArriveThroughTheConfiguredServer() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            mail.setUser("alice@example.com", "alice@example.com", "pw-1");
            Parsed p = parse("imaps://alice@example.com@mail.example.com", "--password-command", "echo pw-1",
                    "--notify-email", "admin@example.org", "--notify-email", "ops@example.org",
                    "--smtp", "smtp://alice@example.com@127.0.0.1:" + mail.getSmtp().getPort() + "?starttls=none");

            assertThat(p.mailer().orElseThrow().send(ReportMailerTest.partialBackup())).isTrue();

            assertThat(mail.getReceivedMessages()).hasSize(2);
        } finally {
            mail.stop();
        }
    }
}
