package org.mailferry.check;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.mailferry.error.ExitCode;

/**
 * The first steps of every check, on raw sockets: DNS (every address the name resolves to) and
 * the TCP connection (refused, silently dropped, no route), each failure with the likely cause.
 * Later steps and diagnoses open further connections to the same address with {@link #connect()}.
 * Not thread-safe.
 */
final class NetworkSteps {

    private final CheckTarget target;
    private final CheckSettings settings;
    private final StepLog log;
    private InetAddress address;

    NetworkSteps(CheckTarget target, CheckSettings settings, StepLog log) {
        this.target = target;
        this.settings = settings;
        this.log = log;
    }

    /** Resolves the host; false (and a failed step) when it does not resolve. */
    boolean dns() {
        try {
            InetAddress[] all = InetAddress.getAllByName(target.host());
            address = all[0];
            boolean literal = all.length == 1 && all[0].getHostAddress().equalsIgnoreCase(target.host());
            log.pass("DNS", literal ? target.host() + " (an IP address, nothing to look up)"
                    : target.host() + " → " + String.join(", ", Arrays.stream(all).map(InetAddress::getHostAddress).toList()));
            return true;
        } catch (UnknownHostException e) {
            return log.fail("DNS", ExitCode.CONNECT, target.host() + " does not resolve to an address",
                    "check the spelling of the server name and that this machine has working DNS; the server is"
                    + " the provider's host (outlook.office365.com, imap.gmail.com), not the mail domain");
        }
    }

    /** A TCP connection to the resolved address, or null (and a failed step). */
    Socket tcp() {
        long start = System.nanoTime();
        try {
            Socket s = connect();
            log.pass("TCP connect", "connected to " + address.getHostAddress() + ":" + target.port() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            return s;
        } catch (ConnectException e) {
            log.fail("TCP connect", ExitCode.CONNECT, target.hostPort() + " refused the connection: nothing listens on"
                    + " port " + target.port(), "check the port: " + target.portAdvice());
        } catch (SocketTimeoutException e) {
            log.fail("TCP connect", ExitCode.CONNECT, "no answer from " + target.hostPort() + " within "
                    + seconds() + ": a firewall drops the connection, or the host or port is wrong",
                    "check host and port (" + target.portAdvice() + ") and that outgoing connections to it are allowed");
        } catch (NoRouteToHostException e) {
            log.fail("TCP connect", ExitCode.CONNECT, "no route to " + target.hostPort(), "check the network");
        } catch (IOException e) {
            log.fail("TCP connect", ExitCode.CONNECT, "cannot connect to " + target.hostPort() + ": " + e.getMessage(),
                    "check host and port");
        }
        return null;
    }

    /** A new TCP connection to the address that answered, every read limited by the check's timeout. */
    Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address, target.port()), millis());
            s.setSoTimeout(millis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The first line a new plain connection receives, or null: what a plain-text port says. */
    String firstLine() {
        try (Socket s = connect()) {
            return new LineChannel(s).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** "10 s": the timeout, for messages. */
    String seconds() {
        return settings.timeout().toSeconds() + " s";
    }

    int millis() {
        return (int) settings.timeout().toMillis();
    }

    static String abbreviate(String s) {
        String t = s.strip();
        return "'" + (t.length() > 100 ? t.substring(0, 100) + "…" : t) + "'";
    }

    static void closeQuietly(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // already gone
        }
    }
}
