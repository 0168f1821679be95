package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theServersSelfSignedCertificateIsRefusedUnlessTrusted() throws Exception {
        var factory = TlsSocketFactories.create(TlsSettings.DEFAULT);
        try (SSLSocket s = (SSLSocket) factory.createSocket(server.host(), server.imapsPort())) {
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }
}
