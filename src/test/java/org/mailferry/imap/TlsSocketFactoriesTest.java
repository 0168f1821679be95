package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.mailferry.testing.TestImapServer;

/** The TLS sockets mailferry opens, against the real Dovecot. */
class TlsSocketFactoriesTest {

    private final TestImapServer server = TestImapServer.get();

    @Test
    void aes128GcmIsOfferedFirstAndNegotiated() throws Exception {
        var factory = TlsSocketFactories.create(new TlsSettings(List.of(server.cert()), false));
        assertThat(factory.getDefaultCipherSuites()[0]).isEqualTo("TLS_AES_128_GCM_SHA256");
        try (SSLSocket s = (SSLSocket) factory.createSocket(server.host(), server.imapsPort())) {
            s.startHandshake();
            assertThat(s.getSession().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
            assertThat(s.getEnabledCipherSuites()).contains("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        }
    }

    @Test
    void tlsLayeredOnAConnectedSocketReadsThroughTheBufferAndKeepsTheReadTimeout() throws Exception {
        var factory = TlsSocketFactories.create(new TlsSettings(List.of(server.cert()), false));
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(server.host(), server.imapsPort()), 5000);
        try (SSLSocket s = (SSLSocket) factory.createSocket(plain, server.host(), server.imapsPort(), true)) {
            s.setSoTimeout(300);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("* OK");
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII);
            out.write("a1 CAPABILITY\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("* CAPABILITY");
            assertThat(in.readLine()).startsWith("a1 OK");
            assertThatThrownBy(in::readLine).as("the server waits for a command").isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(plain.isClosed()).isTrue();
    }

    @Test
    void theServersSelfSignedCertificateIsRefusedUnlessTrusted() throws Exception {
        var factory = TlsSocketFactories.create(TlsSettings.DEFAULT);
        try (SSLSocket s = (SSLSocket) factory.createSocket(server.host(), server.imapsPort())) {
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }
}
