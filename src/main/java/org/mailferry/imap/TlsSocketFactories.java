package org.mailferry.imap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/** Builds the SSL socket factory for {@link TlsSettings}. Host names are checked by Angus (LDAPS rules). */
public final class TlsSocketFactories {

    private TlsSocketFactories() {
    }

    public static SSLSocketFactory create(TlsSettings settings) {
        try {
            TrustManager tm = settings.insecure() ? new TrustAll() : trustManager(settings.trustedCertificates());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return new Aes128First(ctx.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.TLS, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(List<Path> extra) throws GeneralSecurityException {
        X509TrustManager system = defaultTrustManager(null);
        if (extra.isEmpty()) {
            return system;
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Path p : extra) {
            for (Certificate c : readPem(p)) {
                requireValidNow(p, c);
                ks.setCertificateEntry("trusted-" + i++, c);
            }
        }
        return new EitherTrustManager(system, defaultTrustManager(ks));
    }

    private static Collection<? extends Certificate> readPem(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate found");
            }
            return certs;
        } catch (IOException | CertificateException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "--trust-cert " + p + ": cannot read a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** A pinned certificate outside its validity period is refused with its dates (exit 12). */
    private static void requireValidNow(Path file, Certificate c) {
        if (!(c instanceof X509Certificate x)) {
            return;
        }
        try {
            x.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            String state = e instanceof CertificateExpiredException ? "expired on " + x.getNotAfter().toInstant()
                    : "is not valid before " + x.getNotBefore().toInstant();
            throw new MailferryException(FailureScope.STORE, ExitCode.TLS, "--trust-cert " + file + ": the certificate "
                    + x.getSubjectX500Principal().getName() + " " + state + " (valid " + x.getNotBefore().toInstant()
                    + " to " + x.getNotAfter().toInstant() + "): get the server's current certificate", e);
        }
    }

    private static X509TrustManager defaultTrustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /**
     * Offers the JDK's usual cipher suites with AES-128-GCM ahead of AES-256-GCM, the order
     * browsers use (TLS 1.3's mandatory suite first): both ends then do 10 AES rounds per block
     * instead of 14, with the same GCM authentication. Servers that impose their own order keep it.
     */
    static final class Aes128First extends SSLSocketFactory {
        private final SSLSocketFactory factory;
        private final String[] suites;

        Aes128First(SSLSocketFactory factory) {
            this.factory = factory;
            this.suites = Arrays.stream(factory.getDefaultCipherSuites())
                    .sorted(Comparator.comparingInt(s -> s.contains("_AES_128_GCM_") ? 0 : 1))
                    .toArray(String[]::new);
        }

        private Socket ordered(Socket s) {
            if (s instanceof SSLSocket ssl) {
                ssl.setEnabledCipherSuites(suites);
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return suites.clone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return ordered(factory.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return ordered(factory.createSocket(new ReadAheadSocket(s), host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return ordered(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return ordered(factory.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return ordered(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
            return ordered(factory.createSocket(address, port, local, localPort));
        }
    }

    /** Trusts a chain either manager trusts: the system authorities or the user's certificates. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            all.addAll(List.of(second.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
