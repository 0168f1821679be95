package org.mailferry.check;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A server certificate in the words a person checks it by: names, issuer, validity. Pure functions. */
final class CertificateFacts {

    private CertificateFacts() {
    }

    /** {@code for localhost, 127.0.0.1; issued by CN=Test CA; valid until 2036-01-01}. */
    static String describe(X509Certificate c) {
        List<String> names = names(c);
        return "for " + (names.isEmpty() ? c.getSubjectX500Principal().getName() : String.join(", ", names))
                + "; issued by " + (selfSigned(c) ? "itself (self-signed)" : c.getIssuerX500Principal().getName())
                + "; valid until " + day(c);
    }

    /** DNS and IP subject alternative names, else nothing (the caller shows the subject). */
    static List<String> names(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no readable names: the subject is shown instead
        }
        return out;
    }

    static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    static LocalDate day(X509Certificate c) {
        return c.getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
