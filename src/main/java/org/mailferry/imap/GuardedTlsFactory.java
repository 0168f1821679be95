package org.mailferry.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The shared TLS factory of a pool, with one connection's {@link ResponseGuard} on the sockets it
 * layers on a connected socket (the only way Angus asks for TLS: implicit TLS after connecting
 * with a timeout, and STARTTLS). Cheap: made per connection.
 */
final class GuardedTlsFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final ResponseGuard guard;

    GuardedTlsFactory(SSLSocketFactory tls, ResponseGuard guard) {
        this.tls = tls;
        this.guard = guard;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return guard.layerTls(tls, s, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return tls.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return tls.createSocket(host, port, local, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return tls.createSocket(address, port, local, localPort);
    }
}
