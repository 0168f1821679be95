package org.mailferry.imap;

import org.mailferry.auth.Credentials;
import org.mailferry.store.StoreUri;

/**
 * Everything needed to open a connection to one IMAP account. Immutable; holds no secret value.
 * A plain connection ({@code ?starttls=none}) cannot be built without {@code --insecure}.
 */
public record ImapEndpoint(StoreUri uri, Credentials credentials, TlsSettings tls, ImapTuning tuning) {

    public ImapEndpoint {
        tls.requireTlsUnless(uri.security() == StoreUri.Security.NONE, uri.describe());
    }

    public String host() {
        return uri.host();
    }

    public int port() {
        return uri.port();
    }

    public String user() {
        return credentials.user();
    }

    public boolean implicitTls() {
        return uri.security() == StoreUri.Security.IMPLICIT_TLS;
    }

    public String hostPort() {
        return uri.host() + ":" + uri.port();
    }
}
