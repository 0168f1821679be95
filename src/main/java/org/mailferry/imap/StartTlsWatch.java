package org.mailferry.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Wraps the TLS socket factory of a STARTTLS connection and notes whether TLS was ever layered
 * on the plain socket, and whether its handshake completed. Angus reports a STARTTLS answered
 * with NO as a failed login and one answered with BAD as a protocol error; when no TLS layer was
 * made, or its handshake never finished (STARTTLS "accepted" by a server that then stays plain),
 * no credential can have been sent, and the failure is a TLS one (exit 12). Thread-safe.
 */
final class StartTlsWatch extends SSLSocketFactory {

    private final SSLSocketFactory factory;
    private volatile boolean layered;
    private volatile boolean handshaken;

    StartTlsWatch(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /** Whether TLS was layered on the plain connection (STARTTLS accepted). */
    boolean layered() {
        return layered;
    }

    /** Whether TLS is up: layered and its handshake completed. Before that, nothing secret was sent. */
    boolean secured() {
        return handshaken;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        layered = true;
        Socket tls = factory.createSocket(s, host, port, autoClose);
        if (tls instanceof javax.net.ssl.SSLSocket ssl) {
            ssl.addHandshakeCompletedListener(done -> handshaken = true);
        }
        return tls;
    }

    @Override
    public Socket createSocket() throws IOException {
        return factory.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return factory.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return factory.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return factory.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return factory.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return factory.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return factory.getSupportedCipherSuites();
    }
}
