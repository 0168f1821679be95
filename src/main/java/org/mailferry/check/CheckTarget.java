package org.mailferry.check;

import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.notify.SmtpUri;
import org.mailferry.store.StoreUri;
import org.mailferry.store.StoreUri.Security;

/**
 * The server {@code mailferry check} examines: an IMAP mailbox ({@code imaps://}, {@code imap://})
 * or an SMTP submission server ({@code smtp://}, {@code smtps://}). Plain data.
 *
 * @param user the login name, or {@code null} (SMTP without login: the login step is skipped)
 */
public record CheckTarget(Protocol protocol, String user, String host, int port, Security security, String uri) {

    public enum Protocol { IMAP, SMTP }

    public static CheckTarget parse(String text) {
        if (SmtpUri.isSmtp(text)) {
            SmtpUri s = SmtpUri.parse(text);
            return new CheckTarget(Protocol.SMTP, s.user(), s.host(), s.port(), s.security(), s.describe());
        }
        StoreUri u = StoreUri.parse(text);
        if (!u.isImap()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "check examines servers: give imaps://USER@HOST, "
                    + "imap://USER@HOST?starttls=required, smtp://USER@HOST or smtps://USER@HOST, not " + u.describe());
        }
        return of(u);
    }

    public static CheckTarget of(StoreUri imap) {
        return new CheckTarget(Protocol.IMAP, imap.user(), imap.host(), imap.port(), imap.security(), imap.describe());
    }

    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The ports people mix up, for fixes: "IMAP over TLS is 993 (imaps://), STARTTLS 143 (imap://)". */
    String portAdvice() {
        return protocol == Protocol.IMAP
                ? "IMAP with TLS from the start is port 993 (imaps://), IMAP with STARTTLS port 143 (imap://)"
                : "SMTP submission with STARTTLS is port 587 (smtp://), with TLS from the start port 465 (smtps://)";
    }

    /** This target's URI with the other TLS mode: what to use when the port speaks the other one. */
    String withOtherTlsMode() {
        String scheme = protocol == Protocol.IMAP ? "imap" : "smtp";
        String who = user == null ? "" : user + "@";
        return security == Security.IMPLICIT_TLS
                ? scheme + "://" + who + hostPort() + (protocol == Protocol.IMAP ? "?starttls=required" : "")
                : scheme + "s://" + who + hostPort();
    }
}
