package org.mailferry.check;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.mailferry.error.ExitCode;
import org.mailferry.notify.SmtpEndpoint;
import org.mailferry.notify.SmtpSessions;
import org.mailferry.notify.SmtpUri;
import org.mailferry.store.StoreUri.Security;

/**
 * {@code mailferry check} for an SMTP submission server: DNS, TCP, TLS and certificate (before or
 * after STARTTLS), greeting, EHLO and its AUTH mechanisms on raw sockets, then the login through
 * the transport notifications use ({@link SmtpSessions}). Sends no mail. Not thread-safe.
 */
final class SmtpCheck {

    private final CheckTarget target;
    private final CheckSettings settings;
    private final StepLog log;
    private final NetworkSteps network;
    private final TlsSteps tls;
    private final LoginSteps login;

    SmtpCheck(CheckTarget target, CheckSettings settings, StepLog log) {
        this.target = target;
        this.settings = settings;
        this.log = log;
        this.network = new NetworkSteps(target, settings, log);
        this.tls = new TlsSteps(target, settings, log, network);
        this.login = new LoginSteps(target, settings, log);
    }

    void run() {
        if (!network.dns()) {
            return;
        }
        Socket socket = network.tcp();
        if (socket == null) {
            return;
        }
        try {
            List<String> extensions = secureEhlo(socket);
            if (extensions == null) {
                return;
            }
            if (target.user() == null) {
                log.pass("login", "not tried: no user in the URI (mail would be sent without logging in)");
                return;
            }
            if (mechanisms(extensions)) {
                login();
            }
        } catch (IOException e) {
            log.fail("connection", ExitCode.CONNECT, "the connection broke: " + e.getMessage(), null);
        } finally {
            NetworkSteps.closeQuietly(socket);
        }
    }

    /** The EHLO extensions on a protected connection (or a plain one with ?starttls=none); null after a failed step. */
    private List<String> secureEhlo(Socket socket) throws IOException {
        if (target.security() == Security.IMPLICIT_TLS) {
            SSLSocket secure = tls.handshake(socket, network::connect);
            if (secure == null) {
                return null;
            }
            SmtpDialogue dialogue = new SmtpDialogue(new LineChannel(secure));
            return greeting(dialogue, false) ? ehlo(dialogue, "EHLO") : null;
        }
        SmtpDialogue plain = new SmtpDialogue(new LineChannel(socket));
        if (!greeting(plain, true)) {
            return null;
        }
        List<String> before = ehlo(plain, target.security() == Security.NONE ? "EHLO" : "EHLO before STARTTLS");
        if (before == null || target.security() == Security.NONE) {
            return before != null && tls.plainAllowed("the password and the report",
                    "use smtp:// with STARTTLS (port 587) or smtps:// (port 465)") ? before : null;
        }
        if (!before.contains("STARTTLS")) {
            log.fail("STARTTLS", ExitCode.TLS, "the server does not offer STARTTLS on port " + target.port(),
                    "use smtps:// (TLS from the start, usually port 465), or ?starttls=none only for a trusted relay");
            return null;
        }
        SmtpDialogue.Reply r = plain.command("STARTTLS");
        if (r.code() != 220) {
            log.fail("STARTTLS", ExitCode.TLS, "the server refused STARTTLS: " + r.code() + " " + r.text(), null);
            return null;
        }
        log.pass("STARTTLS", "accepted");
        SSLSocket secure = tls.handshake(socket, this::openAtStartTls);
        return secure == null ? null : ehlo(new SmtpDialogue(new LineChannel(secure)), "EHLO");
    }

    private boolean greeting(SmtpDialogue dialogue, boolean plain) {
        SmtpDialogue.Reply r;
        try {
            r = dialogue.read();
        } catch (SocketTimeoutException e) {
            return tls.greetingTimedOut(plain, "SMTP");
        } catch (EOFException e) {
            return log.fail("greeting", ExitCode.CONNECT, "the server closed the connection without a greeting", null);
        } catch (IOException e) {
            return log.fail("greeting", ExitCode.CONNECT, "reading the greeting failed: " + e.getMessage(), null);
        }
        if (r.code() == 220) {
            log.pass("greeting", NetworkSteps.abbreviate("220 " + r.text()));
            return true;
        }
        if (r.code() == 554 || r.code() == 421) {
            return log.fail("greeting", ExitCode.SERVER, "the server refuses the connection: " + r.code() + " " + r.text(),
                    "this address may be blocked; try again later or from another network");
        }
        String first = r.lines().isEmpty() ? "" : r.lines().get(0);
        return log.fail("greeting", ExitCode.CONNECT, "this is not an SMTP server: it said "
                + NetworkSteps.abbreviate(r.code() < 0 ? first : r.code() + " " + first) + GreetingKinds.guess(first),
                "check the port: " + target.portAdvice());
    }

    /** EHLO's extension keywords (upper case, with their arguments), or null after a failed step. */
    private List<String> ehlo(SmtpDialogue dialogue, String step) throws IOException {
        SmtpDialogue.Reply r = dialogue.ehlo();
        if (r.code() != 250) {
            log.fail(step, ExitCode.SERVER, "EHLO was refused: " + r.code() + " " + r.text(), null);
            return null;
        }
        List<String> extensions = new ArrayList<>();
        for (String line : r.lines().subList(1, r.lines().size())) {
            extensions.add(line.toUpperCase(Locale.ROOT).strip());
        }
        log.pass(step, extensions.isEmpty() ? "no extensions" : String.join(", ", extensions), sizeNote(extensions));
        return extensions;
    }

    private static List<String> sizeNote(List<String> extensions) {
        return extensions.stream().filter(e -> e.startsWith("SIZE ")).map(e -> "messages up to " + e.substring(5).strip()
                + " bytes are accepted").toList();
    }

    private boolean mechanisms(List<String> extensions) {
        List<String> offered = new ArrayList<>();
        for (String e : extensions) {
            if (e.startsWith("AUTH ") || e.startsWith("AUTH=")) {
                for (String m : e.substring(5).strip().split("\\s+")) {
                    if (!m.isEmpty() && !offered.contains(m)) {
                        offered.add(m);
                    }
                }
            }
        }
        return login.mechanisms(offered, offered.contains("PLAIN") || offered.contains("LOGIN"));
    }

    private void login() {
        if (!login.credentialsAvailable()) {
            return;
        }
        SmtpEndpoint endpoint = new SmtpEndpoint(new SmtpUri(target.user(), target.host(), target.port(),
                target.security()), login.credentials(), settings.tls(), settings.timeout());
        try (SMTPTransport t = SmtpSessions.connect(endpoint)) {
            login.passed();
        } catch (AuthenticationFailedException e) {
            login.refused(e.getMessage());
        } catch (MessagingException e) {
            log.fail("login", ExitCode.SERVER, "logging in failed: " + e.getMessage(), null);
        }
    }

    /** A new connection after its STARTTLS was accepted, for the certificate diagnosis. */
    private Socket openAtStartTls() throws IOException {
        Socket s = network.connect();
        SmtpDialogue d = new SmtpDialogue(new LineChannel(s));
        d.read();
        d.ehlo();
        if (d.command("STARTTLS").code() != 220) {
            s.close();
            throw new IOException("STARTTLS refused");
        }
        return s;
    }
}
