package org.mailferry.imap;

import java.nio.file.Path;
import java.util.List;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * How server certificates are checked: by the JDK's trusted authorities and host name, plus any
 * certificates the user trusts explicitly ({@code --trust-cert FILE}, PEM). {@code insecure}
 * turns every check off and exists only for throwaway test servers; it is also the only way to
 * allow a connection without TLS at all ({@link #requireTlsUnless}).
 */
public record TlsSettings(List<Path> trustedCertificates, boolean insecure) {

    public static final TlsSettings DEFAULT = new TlsSettings(List.of(), false);

    public TlsSettings {
        trustedCertificates = List.copyOf(trustedCertificates);
    }

    /**
     * Refuses a connection that would send the password in clear ({@code plain}: IMAP or SMTP with
     * {@code ?starttls=none}) unless {@code --insecure} was given (exit 2).
     */
    public void requireTlsUnless(boolean plain, String what) {
        if (plain && !insecure) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, what + " has ?starttls=none: the password"
                    + " and all mail would cross the network in clear; use TLS (imaps://, smtps:// or STARTTLS), or pass"
                    + " --insecure for a throwaway test server on a trusted network");
        }
    }
}
