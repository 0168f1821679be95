package org.mailferry.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri.Security;

/**
 * An SMTP submission server: {@code smtp://[USER@]HOST[:PORT]} (587, STARTTLS required;
 * {@code ?starttls=none} only for a trusted local relay) or {@code smtps://[USER@]HOST[:PORT]}
 * (465, TLS from the first byte). As in store URIs the user may contain {@code @} (the host
 * follows the last one) and a password in the URI is refused. No user: send without logging in.
 */
public record SmtpUri(String user, String host, int port, Security security) {

    public static final int SUBMISSION_PORT = 587;
    public static final int SUBMISSIONS_PORT = 465;

    public static boolean isSmtp(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("smtp://") || lower.startsWith("smtps://");
    }

    public static SmtpUri parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean implicit = lower.startsWith("smtps://");
        if (!implicit && !lower.startsWith("smtp://")) {
            throw usage("'" + text + "' is not an SMTP server: write smtp://USER@HOST (port 587, STARTTLS) or"
                    + " smtps://USER@HOST (port 465, TLS)");
        }
        String rest = text.substring(implicit ? "smtps://".length() : "smtp://".length());
        Security security = implicit ? Security.IMPLICIT_TLS : Security.STARTTLS;
        int q = rest.indexOf('?');
        if (q >= 0) {
            String query = rest.substring(q + 1).toLowerCase(Locale.ROOT);
            rest = rest.substring(0, q);
            if (query.equals("starttls=none") && !implicit) {
                security = Security.NONE;
            } else if (!query.isEmpty() && !query.equals("starttls=required")) {
                throw usage("unknown option ?" + query + " in '" + text + "': only ?starttls=required or ?starttls=none");
            }
        }
        rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        int at = rest.lastIndexOf('@');
        String user = at > 0 ? URLDecoder.decode(rest.substring(0, at), StandardCharsets.UTF_8) : null;
        if (user != null && user.contains(":")) {
            throw usage("the SMTP URI contains a password: never put secrets on the command line; use --smtp-password-file,"
                    + " --smtp-password-env or --smtp-password-command");
        }
        String hostPort = rest.substring(at + 1);
        int port = implicit ? SUBMISSIONS_PORT : SUBMISSION_PORT;
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort;
        if (colon > 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw usage("bad port in '" + text + "'");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw usage("'" + text + "' names no valid host and port");
        }
        return new SmtpUri(user, host, port, security);
    }

    public String hostPort() {
        return host + ":" + port;
    }

    /** The URI without secrets. */
    public String describe() {
        return (security == Security.IMPLICIT_TLS ? "smtps://" : "smtp://") + (user == null ? "" : user + "@") + host
                + ":" + port + (security == Security.NONE ? "?starttls=none" : "");
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
