package org.mailferry.notify;

import java.time.Duration;
import org.mailferry.auth.Credentials;
import org.mailferry.imap.TlsSettings;

/**
 * Everything needed to submit mail to one SMTP server. Immutable; holds no secret value.
 *
 * @param credentials how to log in, or {@code null} to send without AUTH (a local relay)
 */
public record SmtpEndpoint(SmtpUri uri, Credentials credentials, TlsSettings tls, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** A plain connection ({@code ?starttls=none}) cannot be built without {@code --insecure}. */
    public SmtpEndpoint {
        tls.requireTlsUnless(uri.security() == org.mailferry.store.StoreUri.Security.NONE, uri.describe());
    }
}
