package org.mailferry.imap;

import java.nio.file.Path;
import java.util.List;

/**
 * How server certificates are checked: by the JDK's trusted authorities and host name, plus any
 * certificates the user trusts explicitly ({@code --trust-cert FILE}, PEM). {@code insecure}
 * turns every check off and exists only for throwaway test servers.
 */
public record TlsSettings(List<Path> trustedCertificates, boolean insecure) {

    public static final TlsSettings DEFAULT = new TlsSettings(List.of(), false);

    public TlsSettings {
        trustedCertificates = List.copyOf(trustedCertificates);
    }
}
