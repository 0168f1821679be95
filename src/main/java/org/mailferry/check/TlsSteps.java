package org.mailferry.check;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.mailferry.error.ExitCode;
import org.mailferry.imap.TlsSettings;
import org.mailferry.imap.TlsSocketFactories;

/**
 * The TLS steps of a check: the handshake and the certificate, verified exactly as a job
 * verifies them ({@link TlsSocketFactories}: the JDK's authorities plus {@code --trust-cert};
 * host names by LDAPS rules, as Angus checks them). A failed handshake is diagnosed with a
 * second, unverified probe: a certificate problem (the certificate is then described), a
 * plain-text port, a closed connection, or no common TLS version. Not thread-safe.
 */
final class TlsSteps {

    /** A fresh connection positioned where TLS starts: after TCP connect, or after the STARTTLS exchange. */
    @FunctionalInterface
    interface TlsStart {
        Socket open() throws IOException;
    }

    private static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final CheckTarget target;
    private final CheckSettings settings;
    private final StepLog log;
    private final NetworkSteps network;

    TlsSteps(CheckTarget target, CheckSettings settings, StepLog log, NetworkSteps network) {
        this.target = target;
        this.settings = settings;
        this.log = log;
        this.network = network;
    }

    /**
     * The verified TLS handshake on {@code plain} (steps "TLS handshake" and "certificate"); null
     * when either fails. {@code again} opens another connection for the diagnosis.
     */
    SSLSocket handshake(Socket plain, TlsStart again) {
        SSLSocket tls = null;
        try {
            tls = startTls(plain, settings.tls());
            log.pass("TLS handshake", tls.getSession().getProtocol() + ", " + tls.getSession().getCipherSuite());
            certificatePassed(tls.getSession().getPeerCertificates());
            return tls;
        } catch (IOException e) {
            NetworkSteps.closeQuietly(tls == null ? plain : tls);
            String text = chainText(e);
            if (isCertificateProblem(e, text)) {
                certificateFailed(e, text, again);
            } else {
                handshakeFailed(e, text);
            }
            return null;
        }
    }

    /**
     * Fails the "greeting" step of a server that sent none in time: on a {@code plain} connection to
     * a port that speaks TLS from the first byte, the cause is the TLS mode; otherwise it may not be
     * a {@code protocol} port at all. Always false.
     */
    boolean greetingTimedOut(boolean plain, String protocol) {
        if (plain && speaksTls()) {
            return log.fail("greeting", ExitCode.TLS, "no plain-text greeting within " + network.seconds()
                    + ": port " + target.port() + " expects TLS from the first byte (implicit TLS)",
                    "use " + target.withOtherTlsMode() + "; " + target.portAdvice());
        }
        return log.fail("greeting", ExitCode.CONNECT, "no greeting within " + network.seconds(),
                "is this an " + protocol + " port? " + target.portAdvice());
    }

    /** True when a new connection completes a TLS handshake at once (any certificate): an implicit-TLS port. */
    private boolean speaksTls() {
        try (Socket s = network.connect()) {
            SSLSocket t = startTls(s, new TlsSettings(List.of(), true));
            t.close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A connection without TLS ({@code ?starttls=none}): a warning with {@code --insecure}, else a
     * failed step, so no password is ever sent in clear by default.
     */
    boolean plainAllowed(String exposed, String fix) {
        if (settings.tls().insecure()) {
            log.warn("TLS", "none (?starttls=none): " + exposed + " cross the network readable", fix);
            return true;
        }
        return log.fail("TLS", ExitCode.USAGE, "none (?starttls=none): " + exposed + " would cross the network readable;"
                + " refused without --insecure", fix);
    }

    /** A TLS handshake on {@code plain} with the given trust; host names checked unless insecure. */
    private SSLSocket startTls(Socket plain, TlsSettings tls) throws IOException {
        SSLSocketFactory factory = TlsSocketFactories.create(tls);
        SSLSocket s = (SSLSocket) factory.createSocket(plain, target.host(), target.port(), true);
        s.setSoTimeout(network.millis());
        if (!tls.insecure()) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("LDAPS");
            s.setSSLParameters(p);
        }
        s.startHandshake();
        return s;
    }

    private void certificatePassed(Certificate[] chain) {
        X509Certificate leaf = (X509Certificate) chain[0];
        if (settings.tls().insecure()) {
            log.warn("certificate", "NOT verified (--insecure): " + CertificateFacts.describe(leaf),
                    "drop --insecure; for a self-signed server pass --trust-cert FILE with its certificate");
            return;
        }
        List<String> notes = new ArrayList<>();
        Duration left = Duration.between(Instant.now(), leaf.getNotAfter().toInstant());
        if (left.compareTo(EXPIRY_WARNING) < 0) {
            notes.add("expires in " + left.toDays() + " days: the server's administrator must renew it");
        }
        log.pass("certificate", CertificateFacts.describe(leaf) + "; trusted " + (systemTrusts(chain)
                ? "by this machine's authorities" : "because of --trust-cert") + ", host name matches", notes);
    }

    private static boolean systemTrusts(Certificate[] chain) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            X509Certificate[] x509 = Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    x.checkServerTrusted(x509, "UNKNOWN");
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void certificateFailed(IOException e, String text, TlsStart again) {
        X509Certificate leaf = null;
        try (Socket s = again.open()) {
            SSLSocket probe = startTls(s, new TlsSettings(List.of(), true));
            log.pass("TLS handshake", probe.getSession().getProtocol() + ", " + probe.getSession().getCipherSuite());
            leaf = (X509Certificate) probe.getSession().getPeerCertificates()[0];
            probe.close();
        } catch (IOException | RuntimeException probeFailure) {
            // the certificate is diagnosed from the first handshake alone
        }
        String facts = leaf == null ? "" : " (" + CertificateFacts.describe(leaf) + ")";
        if (text.contains("no subject alternative") || text.contains("no name matching")) {
            String names = leaf == null ? "" : String.join(", ", CertificateFacts.names(leaf));
            log.fail("certificate", ExitCode.TLS, "the certificate is for another host name than " + target.host() + facts,
                    "connect with a name the certificate was issued for" + (names.isEmpty() ? "" : " (" + names + ")")
                    + ", or have the server's certificate issued for " + target.host());
        } else if (has(e, CertificateExpiredException.class)) {
            log.fail("certificate", ExitCode.TLS, "the certificate has expired" + facts,
                    "the server's administrator must renew it");
        } else if (has(e, CertificateNotYetValidException.class)) {
            log.fail("certificate", ExitCode.TLS, "the certificate is not valid yet" + facts,
                    "check this machine's clock and time zone");
        } else {
            boolean self = leaf != null && CertificateFacts.selfSigned(leaf);
            log.fail("certificate", ExitCode.TLS, "the certificate is not trusted: "
                    + (self ? "it is self-signed" : "it is not signed by an authority this machine trusts") + facts,
                    "if you trust this server, save its certificate in PEM form and pass --trust-cert FILE"
                    + " (openssl s_client -connect " + target.hostPort() + " -showcerts shows it)");
        }
    }

    private void handshakeFailed(IOException e, String text) {
        if (text.contains("unrecognized ssl message") || text.contains("plaintext connection")) {
            String greeting = network.firstLine();
            log.fail("TLS handshake", ExitCode.TLS, "port " + target.port() + " speaks plain text, not TLS"
                    + (greeting == null ? "" : " (it greeted: " + NetworkSteps.abbreviate(greeting) + ")"),
                    "this is a STARTTLS port: use " + target.withOtherTlsMode() + "; " + target.portAdvice());
        } else if (has(e, SocketTimeoutException.class)) {
            log.fail("TLS handshake", ExitCode.TLS, "no TLS answer within " + network.seconds(),
                    "the port may expect plain text first: try " + target.withOtherTlsMode() + "; " + target.portAdvice());
        } else if (has(e, EOFException.class) || text.contains("remote host terminated") || text.contains("connection reset")) {
            log.fail("TLS handshake", ExitCode.TLS, "the server closed the connection during the TLS handshake",
                    "it may not speak TLS on this port (" + target.portAdvice() + "), or it accepts none of Java's"
                    + " TLS versions (1.2, 1.3)");
        } else if (text.contains("protocol_version") || text.contains("no appropriate protocol")
                || text.contains("handshake_failure")) {
            log.fail("TLS handshake", ExitCode.TLS, "the server and Java share no TLS version or cipher ("
                    + rootMessage(e) + ")", "the server must offer TLS 1.2 or newer");
        } else {
            log.fail("TLS handshake", ExitCode.TLS, "the TLS handshake failed: " + rootMessage(e), target.portAdvice());
        }
    }

    private static boolean isCertificateProblem(Throwable e, String text) {
        return text.contains("pkix") || text.contains("certpath") || text.contains("no subject alternative")
                || text.contains("no name matching") || text.contains("certificate_unknown")
                || has(e, CertificateException.class);
    }

    private static String chainText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
