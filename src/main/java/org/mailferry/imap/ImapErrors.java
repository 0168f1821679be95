package org.mailferry.imap;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.error.TransientFailure;
import org.mailferry.provider.LoginAdvice;
import org.mailferry.provider.Providers;
import org.mailferry.util.SafeText;

/**
 * The one place where Jakarta Mail exceptions become mailferry failures: a scope, an exit code
 * and a sentence that says what is wrong and how to fix it (STYLE.md #5). Never includes a secret.
 */
public final class ImapErrors {

    private ImapErrors() {
    }

    /** Failure of a connect + login to {@code endpoint}. */
    public static MailferryException onConnect(Exception e, ImapEndpoint endpoint) {
        String where = endpoint.hostPort();
        if (e instanceof AuthenticationFailedException) {
            String server = serverText(e);
            if (ThrottleSignals.isThrottle(server)) {
                return new TransientFailure("login to " + where + " throttled: " + server, true,
                        ThrottleSignals.suggestedWait(server).orElse(null), e);
            }
            boolean oauth = "XOAUTH2".equalsIgnoreCase(endpoint.credentials().mechanisms());
            String said = server.isEmpty() ? "" : " (server said: " + server + ")";
            String advice = Providers.detect(endpoint.host()).explainLoginFailure(server, endpoint.user(),
                    oauth ? LoginAdvice.Method.OAUTH : LoginAdvice.Method.PASSWORD).orElse(oauth
                    ? "check that the token (" + endpoint.credentials().describe() + ") is for this mailbox and"
                    + " carries the IMAP scope"
                    : "check the password (" + endpoint.credentials().describe() + "); with two-factor"
                    + " authentication use an app password; Microsoft 365 needs OAuth2 (--oauth)");
            return MailferryException.store(ExitCode.AUTH, "login refused by " + where + " for " + endpoint.user()
                    + said + ": " + advice, e);
        }
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            return MailferryException.store(ExitCode.CONNECT, "unknown host " + endpoint.host()
                    + ": the name does not resolve (typo, or no network/DNS)", e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return MailferryException.store(ExitCode.CONNECT, "cannot connect to " + where + ": " + root.getMessage()
                    + "; check host and port (IMAP over TLS is 993: imaps://; STARTTLS is 143: imap://)", e);
        }
        if (closedByServer(e)) {
            return new TransientFailure("connection to " + where + " closed by the server while opening (busy, or at"
                    + " its connection limit): " + root.getMessage(), false, null, e);
        }
        MailferryException tls = tlsFailure(e, endpoint);
        if (tls != null) {
            return tls;
        }
        if (root instanceof SocketTimeoutException) {
            return MailferryException.store(ExitCode.CONNECT, "no answer from " + where + " in time"
                    + (endpoint.implicitTls() ? "" : ": if this port speaks TLS from the start (993), use imaps://"), e);
        }
        if (isConnectionLoss(e)) {
            return new TransientFailure("connection to " + where + " lost while logging in: " + root.getMessage(),
                    false, null, e);
        }
        return MailferryException.store(ExitCode.SERVER, "cannot log in to " + where + ": " + message(e), e);
    }

    /** STARTTLS answered with NO (or BAD): nothing was sent in clear; a TLS failure, never a wrong password. */
    /**
     * The store-wide failure for an APPEND refused because the target is full ({@code [OVERQUOTA]},
     * RFC 5530, or "quota exceeded" in the text), else null: that refusal is the mailbox's, not the message's.
     */
    static MailferryException overQuota(String serverText, Exception e) {
        if (serverText.toUpperCase(java.util.Locale.ROOT).contains("OVERQUOTA")
                || serverText.toLowerCase(java.util.Locale.ROOT).contains("quota exceeded")) {
            return MailferryException.store(ExitCode.SERVER, "the target mailbox is over its quota (" + serverText
                    + "): free space on the target or raise its quota, then run the same command again", e);
        }
        return null;
    }

    static MailferryException startTlsRefused(Exception e, ImapEndpoint endpoint) {
        String server = serverText(e);
        return MailferryException.store(ExitCode.TLS, endpoint.hostPort() + " refused STARTTLS"
                + (server.isEmpty() ? "" : " (server said: " + server + ")") + "; no password was sent: use imaps://"
                + " on port 993, or ask the server's administrator to enable STARTTLS", e);
    }

    /** STARTTLS accepted, then no TLS handshake (silence or plain text): a server, or a man in the middle, that stays plain. */
    static MailferryException startTlsNotSpoken(Exception e, ImapEndpoint endpoint) {
        return MailferryException.store(ExitCode.TLS, endpoint.hostPort() + " accepted STARTTLS but then did not speak"
                + " TLS (" + rootCause(e).getMessage() + "); no password was sent: use imaps:// on port 993, or check"
                + " for a proxy or firewall that strips TLS", e);
    }

    /** Failure of an operation on an open connection; {@code what} names the operation. */
    public static MailferryException onOperation(Exception e, ImapEndpoint endpoint, String operation) {
        String what = SafeText.escape(operation); // names a folder: a server's text, a line feed included
        String server = serverText(e);
        if (ThrottleSignals.isThrottle(server)) {
            return new TransientFailure(what + " throttled by " + endpoint.hostPort() + ": " + server, true,
                    ThrottleSignals.suggestedWait(server).orElse(null), e);
        }
        if (isConnectionLoss(e)) {
            return new TransientFailure("connection to " + endpoint.hostPort() + " lost during " + what + ": "
                    + message(e), false, null, e);
        }
        if (e instanceof FolderNotFoundException) {
            return MailferryException.folder(what + ": the folder no longer exists on " + endpoint.hostPort()
                    + " (deleted or renamed during the run)", e);
        }
        return new MailferryException(FailureScope.FOLDER, ExitCode.PARTIAL, what + " failed on "
                + endpoint.hostPort() + ": " + message(e), e);
    }

    private static MailferryException tlsFailure(Exception e, ImapEndpoint endpoint) {
        String where = endpoint.hostPort();
        String chain = chainText(e);
        if (chain.contains("no subject alternative") || chain.contains("no name matching")) {
            return MailferryException.store(ExitCode.TLS, "the TLS certificate of " + where + " is for another host name ("
                    + find(e, "No subject alternative", "No name matching") + "): connect with the name the certificate"
                    + " was issued for", e);
        }
        if (chain.contains("pkix path") || chain.contains("unable to find valid certification path")
                || has(e, CertPathValidatorException.class)) {
            return MailferryException.store(ExitCode.TLS, "the TLS certificate of " + where
                    + " is not trusted (self-signed or unknown authority): if you trust this server,"
                    + " pass --trust-cert FILE with its certificate in PEM form", e);
        }
        if (chain.contains("unrecognized ssl message") && !endpoint.implicitTls()) {
            return startTlsNotSpoken(e, endpoint);
        }
        if (chain.contains("unrecognized ssl message")) {
            return MailferryException.store(ExitCode.TLS, where + " does not speak TLS on connect: it looks like a"
                    + " plain IMAP port; use imap://…?starttls=required (port 143) or the TLS port 993 with imaps://", e);
        }
        if (chain.contains("starttls is required but host does not support starttls")
                || chain.contains("starttls required but not supported")) {
            return MailferryException.store(ExitCode.TLS, where + " does not offer STARTTLS: use imaps:// on port 993,"
                    + " or ?starttls=none with --insecure only on a trusted network; no password was sent", e);
        }
        if (has(e, SSLHandshakeException.class) || has(e, SSLException.class)) {
            return MailferryException.store(ExitCode.TLS, "TLS handshake with " + where + " failed: "
                    + rootCause(e).getMessage(), e);
        }
        return null;
    }

    /** Every message of the cause chain, lower case, for signal matching. */
    private static String chainText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String find(Throwable e, String... needles) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            for (String n : needles) {
                int i = m.indexOf(n);
                if (i >= 0) {
                    return m.substring(i);
                }
            }
        }
        return "";
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server closed the connection before the login: during the TLS handshake (Java's "SSL peer
     * shut down incorrectly", an EOF under the handshake exception) or before its greeting (Angus's
     * "Connection dropped by server?"). A busy server or one at its process limit does that; a
     * certificate or protocol problem never ends in an EOF.
     */
    private static boolean closedByServer(Throwable e) {
        boolean handshake = has(e, SSLException.class);
        return handshake && has(e, EOFException.class) || chainText(e).contains("connection dropped by server");
    }

    static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FolderClosedException || t instanceof StoreClosedException
                    || t instanceof ConnectionException || t instanceof SocketException
                    || t instanceof EOFException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A server's answer as a user reads it: Angus's message for a tagged NO or BAD is the whole
     * line ("A12 NO [OVERQUOTA] text"), and the tag means nothing to a user.
     */
    static String withoutTag(String line) {
        return line.strip().replaceFirst("^[A-Za-z0-9]+ (NO|BAD) ", "");
    }

    /** The server's answer as one line (escaped: MailferryException keeps line feeds of its own). */
    private static String serverText(Exception e) {
        String m = e.getMessage();
        return m == null ? "" : SafeText.escape(m.strip());
    }

    private static String message(Throwable e) {
        Throwable r = rootCause(e);
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = r.getClass().getSimpleName();
        }
        if (r != e && r.getMessage() != null && !m.contains(r.getMessage())) {
            m += " (" + r.getMessage() + ")";
        }
        return SafeText.escape(m);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t == e && e instanceof MessagingException me && me.getNextException() != null) {
            return rootCause(me.getNextException());
        }
        return t;
    }
}
