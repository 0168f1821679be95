package org.mailferry.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * How an app registration proves itself for client credentials: a client secret (from a
 * {@link Secret}) or a certificate file (PEM with the unencrypted PKCS#8 private key and the
 * certificate uploaded to the app registration). Read afresh each time a token is requested,
 * so a rotated secret is picked up. Exactly one of the two is set.
 */
public record MicrosoftAppCredential(Secret secret, Path certificateFile) {

    public static MicrosoftAppCredential ofSecret(Secret secret) {
        return new MicrosoftAppCredential(secret, null);
    }

    public static MicrosoftAppCredential ofCertificate(Path pemFile) {
        return new MicrosoftAppCredential(null, pemFile);
    }

    IClientCredential toMsal(String option) {
        if (secret != null) {
            return ClientCredentialFactory.createFromSecret(new String(secret.reveal()));
        }
        try {
            String pem = Files.readString(certificateFile, StandardCharsets.UTF_8);
            List<X509Certificate> chain = PemKeys.certificates(pem);
            if (chain.isEmpty()) {
                throw new GeneralSecurityException(certificateFile + " holds no certificate (-----BEGIN CERTIFICATE-----)");
            }
            return ClientCredentialFactory.createFromCertificateChain(PemKeys.privateKey(pem, certificateFile.toString()),
                    chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, option + " " + certificateFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** The option that names the credential; never its value. */
    String describe(String certificateOption) {
        return secret != null ? "secret from " + secret.describe() : "certificate " + certificateOption + " " + certificateFile;
    }
}
