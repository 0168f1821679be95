package org.mailferry.check;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.mailferry.error.ExitCode;
import org.mailferry.store.StoreUri.Security;

/**
 * {@code mailferry check} for an IMAP server: DNS, TCP, TLS and certificate (before or after
 * STARTTLS), greeting, CAPABILITY, authentication mechanisms on raw sockets, then login, LIST
 * and EXAMINE INBOX through Angus ({@link ImapSessionSteps}). Stops at the first failed step.
 * One instance per check; not thread-safe.
 */
final class ImapCheck {

    private final CheckTarget target;
    private final StepLog log;
    private final NetworkSteps network;
    private final TlsSteps tls;
    private final LoginSteps login;
    private final ImapSessionSteps session;

    ImapCheck(CheckTarget target, CheckSettings settings, StepLog log) {
        this.target = target;
        this.log = log;
        this.network = new NetworkSteps(target, settings, log);
        this.tls = new TlsSteps(target, settings, log, network);
        this.login = new LoginSteps(target, settings, log);
        this.session = new ImapSessionSteps(target, settings, log, login);
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
            ImapDialogue dialogue = secureDialogue(socket);
            if (dialogue == null) {
                return;
            }
            List<String> caps = capability(dialogue, "CAPABILITY");
            if (caps == null || !mechanisms(caps)) {
                return;
            }
            session.run();
        } catch (IOException e) {
            log.fail("connection", ExitCode.CONNECT, "the connection broke: " + e.getMessage(), null);
        } finally {
            NetworkSteps.closeQuietly(socket);
        }
    }

    /** The dialogue on a protected connection (or a plain one with ?starttls=none), null after a failed step. */
    private ImapDialogue secureDialogue(Socket socket) throws IOException {
        if (target.security() == Security.IMPLICIT_TLS) {
            SSLSocket secure = tls.handshake(socket, network::connect);
            if (secure == null) {
                return null;
            }
            LineChannel channel = new LineChannel(secure);
            return greeting(channel, false) ? new ImapDialogue(channel) : null;
        }
        LineChannel plain = new LineChannel(socket);
        if (!greeting(plain, true)) {
            return null;
        }
        ImapDialogue dialogue = new ImapDialogue(plain);
        if (target.security() == Security.NONE) {
            return tls.plainAllowed("the password and all mail", "use imaps:// (port 993) or STARTTLS (imap://, the default)")
                    ? dialogue : null;
        }
        List<String> before = capability(dialogue, "CAPABILITY before STARTTLS");
        if (before == null || !startTls(dialogue, before)) {
            return null;
        }
        SSLSocket secure = tls.handshake(socket, this::openAtStartTls);
        return secure == null ? null : new ImapDialogue(new LineChannel(secure));
    }

    private boolean greeting(LineChannel channel, boolean plain) {
        String line;
        try {
            line = channel.readLine();
        } catch (SocketTimeoutException e) {
            return tls.greetingTimedOut(plain, "IMAP");
        } catch (EOFException e) {
            return log.fail("greeting", ExitCode.CONNECT, "the server closed the connection without a greeting",
                    "it may limit connections from this address; try again later");
        } catch (IOException e) {
            return log.fail("greeting", ExitCode.CONNECT, "reading the greeting failed: " + e.getMessage(), null);
        }
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("* OK") || upper.startsWith("* PREAUTH")) {
            log.pass("greeting", NetworkSteps.abbreviate(line));
            return true;
        }
        if (upper.startsWith("* BYE")) {
            return log.fail("greeting", ExitCode.SERVER, "the server refuses the connection: "
                    + NetworkSteps.abbreviate(line), "try again later, or ask the provider");
        }
        return log.fail("greeting", ExitCode.CONNECT, "this is not an IMAP server: it said " + NetworkSteps.abbreviate(line)
                + GreetingKinds.guess(line), "check the port: " + target.portAdvice());
    }

    private List<String> capability(ImapDialogue dialogue, String step) throws IOException {
        ImapDialogue.Answer a = dialogue.command("CAPABILITY");
        List<String> caps = ImapDialogue.capabilities(a);
        if (!a.ok() || caps.isEmpty()) {
            log.fail(step, ExitCode.SERVER, "CAPABILITY was refused: " + a.tagged(), null);
            return null;
        }
        log.pass(step, String.join(" ", caps));
        return caps;
    }

    private boolean startTls(ImapDialogue dialogue, List<String> caps) throws IOException {
        if (!caps.contains("STARTTLS")) {
            return log.fail("STARTTLS", ExitCode.TLS, "the server does not offer STARTTLS on port " + target.port(),
                    "use imaps:// (TLS from the start, usually port 993), or ?starttls=none only on a trusted network");
        }
        ImapDialogue.Answer a = dialogue.command("STARTTLS");
        if (!a.ok()) {
            return log.fail("STARTTLS", ExitCode.TLS, "the server refused STARTTLS: " + a.tagged(), null);
        }
        log.pass("STARTTLS", "accepted");
        return true;
    }

    private boolean mechanisms(List<String> caps) {
        List<String> offered = caps.stream().filter(c -> c.startsWith("AUTH=")).map(c -> c.substring(5)).toList();
        boolean passwordAllowed = !caps.contains("LOGINDISABLED") || offered.contains("PLAIN") || offered.contains("LOGIN");
        return login.mechanisms(offered, passwordAllowed);
    }

    /** A new connection after its STARTTLS was accepted, for the certificate diagnosis. */
    private Socket openAtStartTls() throws IOException {
        Socket s = network.connect();
        LineChannel channel = new LineChannel(s);
        channel.readLine();
        ImapDialogue.Answer a = new ImapDialogue(channel).command("STARTTLS");
        if (!a.ok()) {
            s.close();
            throw new IOException("STARTTLS refused: " + a.tagged());
        }
        return s;
    }
}
