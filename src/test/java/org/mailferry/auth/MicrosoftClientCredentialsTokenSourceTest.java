package org.mailferry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.util.PrivateFiles;
import org.mailferry.error.MailferryException;

/** App-only tokens (client credentials) with a secret or a certificate, against a local identity provider. */
class MicrosoftClientCredentialsTokenSourceTest {

    private static final String CLIENT = "99999999-8888-7777-6666-555555555555";
    private static final String TOKEN = "/contoso.onmicrosoft.com/oauth2/v2.0/token";

    @TempDir
    Path dir;

    private FakeIdentityProvider idp;

    @BeforeEach
    void start() throws Exception {
        idp = new FakeIdentityProvider();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private MicrosoftClientCredentialsTokenSource source(MicrosoftAppCredential credential) {
        return new MicrosoftClientCredentialsTokenSource(new MicrosoftIdentity(idp.base(), "contoso.onmicrosoft.com", CLIENT),
                credential, "--oauth-certificate", idp.http());
    }

    @Test
    void fetchWithASecretShouldAskForTheAppOnlyScope() throws Exception {
        Path secret = secretFile("secret", "s3cr3t-value\n");
        idp.enqueue(TOKEN, 200, FakeIdentityProvider.appToken("app-token-1", 3599));

        AccessToken token = source(MicrosoftAppCredential.ofSecret(new FileSecret(secret, "--oauth-client-secret-file")))
                .fetch();

        assertThat(token.value()).isEqualTo("app-token-1");
        Map<String, String> form = idp.requests(TOKEN).get(0).form();
        assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", CLIENT)
                .containsEntry("client_secret", "s3cr3t-value");
        assertThat(form.get("scope")).contains(OAuthScopes.MICROSOFT_APP_ONLY);
    }

    @Test
    void eachFetchShouldGetANewToken() throws Exception {
        Path secret = secretFile("secret", "s3cr3t-value\n");
        idp.enqueue(TOKEN, 200, FakeIdentityProvider.appToken("app-token-1", 3599));
        idp.enqueue(TOKEN, 200, FakeIdentityProvider.appToken("app-token-2", 3599));
        var source = source(MicrosoftAppCredential.ofSecret(new FileSecret(secret, "--oauth-client-secret-file")));

        assertThat(source.fetch().value()).isEqualTo("app-token-1");
        assertThat(source.fetch().value()).isEqualTo("app-token-2");
    }

    @Test
    void fetchWithACertificateShouldSendAnAssertionSignedByItsKey() throws Exception {
        Path pem = certificateAndKey();
        idp.enqueue(TOKEN, 200, FakeIdentityProvider.appToken("app-token-c", 3599));

        assertThat(source(MicrosoftAppCredential.ofCertificate(pem)).fetch().value()).isEqualTo("app-token-c");

        Map<String, String> form = idp.requests(TOKEN).get(0).form();
        assertThat(form).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .doesNotContainKey("client_secret");
        String[] jwt = form.get("client_assertion").split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(certificate(pem));
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8)).contains(CLIENT);
    }

    @Test
    void aWrongSecretShouldBeExplainedInOneLineWithoutTheSecret() throws Exception {
        Path secret = secretFile("secret", "wrong-secret\n");
        idp.enqueue(TOKEN, 401, FakeIdentityProvider.error("invalid_client",
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the"
                        + " client secret value, not the client secret ID.\\r\\nTrace ID: abc\\r\\nCorrelation ID: def"));

        assertThatThrownBy(() -> source(MicrosoftAppCredential.ofSecret(new FileSecret(secret, "--oauth-client-secret-file")))
                .fetch()).isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
                    assertThat(e.getMessage()).contains("client secret is wrong or expired").contains("AADSTS7000215")
                            .contains(CLIENT).doesNotContain("wrong-secret").doesNotContain("\n");
                });
    }

    @Test
    void anEncryptedKeyShouldBeRefusedWithTheConversionCommand() throws Exception {
        Path pem = Files.writeString(dir.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
                        + Files.readString(certificateAndKey()).replaceAll("(?s)-----BEGIN PRIVATE KEY-----.*-----END PRIVATE KEY-----\n", ""));

        assertThatThrownBy(() -> source(MicrosoftAppCredential.ofCertificate(pem)).fetch())
                .isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("--oauth-certificate").contains("openssl pkcs8");
                });
    }

    /** A PEM file with an unencrypted PKCS#8 RSA key and its self-signed certificate, made by openssl. */
    private Path certificateAndKey() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=mailferry-test-app", "-days", "2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        Path both = dir.resolve("app.pem");
        Files.writeString(both, Files.readString(key) + Files.readString(cert));
        return both;
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        String text = Files.readString(pem);
        String block = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----"));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(block.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A file only its owner can read, as secrets should be. */
    private Path secretFile(String name, String content) throws java.io.IOException {
        Path p = dir.resolve(name);
        PrivateFiles.writeAtomically(p, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return p;
    }
}
