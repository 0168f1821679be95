package org.mailferry.cli;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailferry.auth.AuthChoice;
import org.mailferry.auth.Credentials;
import org.mailferry.auth.MailProtocol;
import org.mailferry.auth.OAuthCredentials;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.TlsSettings;
import org.mailferry.notify.NotifySettings;
import org.mailferry.notify.ReportMailer;
import org.mailferry.notify.SmtpEndpoint;
import org.mailferry.notify.SmtpUri;
import org.mailferry.provider.ProviderPreset;
import org.mailferry.provider.ServerSettings;
import org.mailferry.store.StoreUri;
import picocli.CommandLine.Option;

/**
 * {@code --notify-email ADDRESS}: mail the run report when the job ends. The SMTP server is
 * {@code --smtp URI}, else the source provider's submission server with the source user
 * ({@code smtp://alice@company.com@smtp.office365.com:587}). Login: {@code --smtp-password-*},
 * else the source mailbox's own authentication when the SMTP user is the source user (the same
 * password; an OAuth2 token for SMTP, never an interactive sign-in at the end of a run).
 * Everything is checked before the job starts; sending itself is best effort ({@link ReportMailer}).
 */
public final class NotifyOptions {

    @Option(names = "--notify-email", paramLabel = "ADDRESS", description = "Mail the run report to ADDRESS when the job ends (repeatable). A failure to send is logged and never changes the exit code.")
    List<String> recipients = new ArrayList<>();

    @Option(names = "--notify-from", paramLabel = "ADDRESS", description = "Sender of the report. Default: the SMTP user.")
    String from;

    @Option(names = "--smtp", paramLabel = "URI", description = "SMTP server for the report: smtp://USER@HOST[:587] (STARTTLS) or smtps://USER@HOST[:465]. Default: the source provider's server with the source user.")
    String smtp;

    @Option(names = "--smtp-password-file", paramLabel = "FILE", description = "SMTP password on the first line of FILE.")
    Path passwordFile;

    @Option(names = "--smtp-password-env", paramLabel = "VAR", description = "SMTP password in environment variable VAR.")
    String passwordEnv;

    @Option(names = "--smtp-password-command", paramLabel = "CMD", description = "Run CMD (sh -c); the first line it prints is the SMTP password.")
    String passwordCommand;

    /**
     * The mailer for this run, or empty without {@code --notify-email}.
     *
     * @param source            the source mailbox URI (its provider and user are the defaults)
     * @param sourceAuth        the source's authentication options, reused for SMTP by the same user
     * @param sourceCredentials the source's resolved credentials (a password is reused as is), or null for an archive
     */
    public Optional<ReportMailer> mailer(StoreUri source, AuthOptions sourceAuth, Credentials sourceCredentials,
                                         TlsSettings tls, Path stateDir, PrintWriter err) {
        if (recipients.isEmpty()) {
            if (smtp != null || from != null || passwordFile != null || passwordEnv != null || passwordCommand != null) {
                throw usage("--smtp, --notify-from and --smtp-password-* need --notify-email ADDRESS");
            }
            return Optional.empty();
        }
        SmtpUri uri = smtpUri(source, sourceAuth);
        Credentials credentials = credentials(uri, source, sourceAuth, sourceCredentials, stateDir, err);
        return Optional.of(new ReportMailer(new NotifySettings(addresses(recipients, "--notify-email"),
                sender(uri), new SmtpEndpoint(uri, credentials, tls, SmtpEndpoint.DEFAULT_TIMEOUT))));
    }

    private SmtpUri smtpUri(StoreUri source, AuthOptions sourceAuth) {
        if (smtp != null) {
            return SmtpUri.parse(smtp);
        }
        ProviderPreset preset = source != null && source.isImap() ? sourceAuth.provider(source.host()) : null;
        if (preset == null || preset.smtp() == null) {
            throw usage("--notify-email needs --smtp smtp://USER@HOST: mailferry knows no SMTP server for "
                    + (source == null ? "this run" : source.describe()));
        }
        ServerSettings s = preset.smtp();
        return new SmtpUri(source.user(), s.host(), s.port(), s.security());
    }

    private Credentials credentials(SmtpUri uri, StoreUri source, AuthOptions sourceAuth, Credentials sourceCredentials,
                                    Path stateDir, PrintWriter err) {
        AuthChoice own = AuthChoice.password("--smtp-", passwordFile, passwordEnv, passwordCommand);
        if (!own.isEmpty()) {
            if (uri.user() == null) {
                throw usage("--smtp-password-* needs a user in --smtp: smtp://USER@HOST");
            }
            return MailboxAuth.credentials(own, uri.user(), uri.host(), MailProtocol.SMTP, false, stateDir, err);
        }
        if (uri.user() == null) {
            return null;
        }
        boolean sameUser = source != null && source.isImap() && uri.user().equalsIgnoreCase(source.user());
        if (!sameUser || sourceCredentials == null) {
            throw usage("no password for " + uri.user() + " at " + uri.hostPort() + ": give --smtp-password-file, --smtp-password-env"
                    + " or --smtp-password-command");
        }
        return sourceCredentials instanceof OAuthCredentials
                ? sourceAuth.credentials(uri.user(), uri.host(), MailProtocol.SMTP, false, stateDir, err)
                : sourceCredentials;
    }

    private InternetAddress sender(SmtpUri uri) {
        if (from != null) {
            return addresses(List.of(from), "--notify-from").get(0);
        }
        if (uri.user() != null && uri.user().contains("@")) {
            return addresses(List.of(uri.user()), "--smtp user").get(0);
        }
        try {
            return new InternetAddress("mailferry@" + InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException | AddressException e) {
            throw usage("cannot make a sender address: give --notify-from ADDRESS");
        }
    }

    private static List<InternetAddress> addresses(List<String> texts, String option) {
        List<InternetAddress> out = new ArrayList<>();
        for (String t : texts) {
            try {
                InternetAddress a = new InternetAddress(t, true);
                out.add(a);
            } catch (AddressException e) {
                throw usage(option + " " + t + " is not an e-mail address (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
