package org.mailferry.imap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.iap.Response;

/**
 * Checks what the server sends on one {@link ImapConnection}, beneath Angus: the sockets it
 * makes pass their decrypted input through a {@link GuardedInputStream}, which refuses an answer
 * past the budget of the command in flight (before Angus allocates a literal the server
 * announced) and a server sending below the minimum rate. {@link #expect} sets the budget of the
 * next command; it returns to {@link ResponseBudget#DEFAULT} when that command ends. TCP
 * keepalive is on (probes after 15 s of silence, 3 probes 5 s apart: a link dropped without a
 * word is noticed in about 30 s), and the read timeout is sized to what is in flight: the
 * connection's own ({@code --timeout}) until an answer starts, the stall window while it arrives.
 * One connection's commands run one at a time.
 */
final class ResponseGuard {

    private final long minBytesPerSecond;
    private final Duration stallWindow;
    private volatile ResponseBudget budget = ResponseBudget.DEFAULT;

    ResponseGuard(long minBytesPerSecond, Duration stallWindow) {
        this.minBytesPerSecond = minBytesPerSecond;
        this.stallWindow = stallWindow;
    }

    static ResponseGuard of(ImapTuning tuning) {
        return new ResponseGuard(tuning.minBytesPerSecond(), tuning.stallWindow());
    }

    /** The budget of the next command sent on this connection (until its tagged completion). */
    void expect(ResponseBudget next) {
        budget = next;
    }

    ResponseBudget budget() {
        return budget;
    }

    void commandEnded() {
        budget = ResponseBudget.DEFAULT;
    }

    long minBytesPerSecond() {
        return minBytesPerSecond;
    }

    Duration stallWindow() {
        return stallWindow;
    }

    /** The refusal behind a command's responses (Angus turns a read failure into a last, synthetic BYE), or null. */
    static ResponseLimitExceeded refusal(Response[] responses) {
        for (Response r : responses) {
            if (r.getException() instanceof ResponseLimitExceeded e) {
                return e;
            }
        }
        return null;
    }

    /** Plain connections ({@code starttls=none}, and STARTTLS until TLS starts). */
    SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                Socket socket = keepAlive(new Socket());
                return new ReadAheadSocket(socket, in -> new GuardedInputStream(in, ResponseGuard.this, socket));
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                throw new IOException("unconnected sockets only");
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                throw new IOException("unconnected sockets only");
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                throw new IOException("unconnected sockets only");
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                throw new IOException("unconnected sockets only");
            }
        };
    }

    /** TLS layered by {@code tls} on a connected socket (implicit TLS, or STARTTLS). */
    SSLSocketFactory tls(SSLSocketFactory tls) {
        return new GuardedTlsFactory(tls, this);
    }

    /** Layers TLS, then guards what comes out of it; the plain layer below stops checking. */
    Socket layerTls(SSLSocketFactory tls, Socket plain, String host, int port, boolean autoClose) throws IOException {
        keepAlive(plain);
        InputStream below = plain.getInputStream();
        if (below instanceof GuardedInputStream g) {
            g.passThrough(); // STARTTLS: from now on the plain layer carries TLS records
        }
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, autoClose);
        return new GuardedSslSocket(socket, in -> new GuardedInputStream(in, this, socket));
    }

    private static Socket keepAlive(Socket s) {
        try {
            s.setKeepAlive(true);
            option(s, jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 15);
            option(s, jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 5);
            option(s, jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        } catch (IOException e) {
            // keepalive is a help, not a requirement
        }
        return s;
    }

    private static void option(Socket s, SocketOption<Integer> o, int value) {
        try {
            if (s.supportedOptions().contains(o)) {
                s.setOption(o, value);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not on this platform
        }
    }
}
