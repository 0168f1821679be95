package org.mailferry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.util.PrivateFiles;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/** Google refresh-token and service-account (JWT bearer) grants against a local token endpoint. */
class GoogleTokenSourcesTest {

    private static final String TOKEN = "/token";

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

    @Test
    void refreshTokenGrantShouldSendClientAndRefreshToken() throws Exception {
        idp.enqueue(TOKEN, 200, "{\"access_token\":\"ya29.a\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        GoogleRefreshTokenSource source = new GoogleRefreshTokenSource(idp.base().resolve(TOKEN), "client-1.apps",
                secret("client-secret", "--oauth-client-secret-file"), secret("1//refresh", "--oauth-refresh-token-file"),
                idp.http());

        AccessToken token = source.fetch();

        assertThat(token.value()).isEqualTo("ya29.a");
        assertThat(idp.requests(TOKEN).get(0).form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("client_id", "client-1.apps").containsEntry("client_secret", "client-secret")
                .containsEntry("refresh_token", "1//refresh");
        assertThat(source.describe()).doesNotContain("1//refresh").doesNotContain("client-secret");
    }

    @Test
    void aRevokedRefreshTokenShouldBeExplainedInOneLine() throws Exception {
        idp.enqueue(TOKEN, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");
        GoogleRefreshTokenSource source = new GoogleRefreshTokenSource(idp.base().resolve(TOKEN), "client-1.apps",
                secret("client-secret", "--oauth-client-secret-file"), secret("1//refresh", "--oauth-refresh-token-file"),
                idp.http());

        assertThatThrownBy(source::fetch).isInstanceOfSatisfying(MailferryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
            assertThat(e.getMessage()).contains("refresh token has expired or was revoked").contains("invalid_grant")
                    .doesNotContain("1//refresh");
        });
    }

    @Test
    void serviceAccountShouldSignAJwtForTheMailboxAndScope() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path keyFile = serviceAccountKey(keys);
        idp.enqueue(TOKEN, 200, "{\"access_token\":\"ya29.sa\",\"expires_in\":3600}");

        AccessToken token = new GoogleServiceAccountTokenSource(keyFile, "--oauth-service-account-file",
                "bob@example.org", null, idp.http()).fetch();

        assertThat(token.value()).isEqualTo("ya29.sa");
        Map<String, String> form = idp.requests(TOKEN).get(0).form();
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("iss").asString()).isEqualTo("mailferry@project.iam.gserviceaccount.com");
        assertThat(claims.path("sub").asString()).isEqualTo("bob@example.org");
        assertThat(claims.path("scope").asString()).isEqualTo(OAuthScopes.GOOGLE_MAIL);
        assertThat(claims.path("aud").asString()).isEqualTo(idp.base().resolve(TOKEN).toString());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
        assertThat(Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[0])).path("kid").asString()).isEqualTo("key-1");
    }

    @Test
    void missingDelegationShouldNameTheAdminConsoleFix() throws Exception {
        Path keyFile = serviceAccountKey(KeyPairGenerator.getInstance("RSA").generateKeyPair());
        idp.enqueue(TOKEN, 401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Client is unauthorized to"
                + " retrieve access tokens using this method.\"}");

        assertThatThrownBy(() -> new GoogleServiceAccountTokenSource(keyFile, "--oauth-service-account-file",
                "bob@example.org", null, idp.http()).fetch()).isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
                    assertThat(e.getMessage()).contains("domain-wide delegation").contains(OAuthScopes.GOOGLE_MAIL);
                });
    }

    @Test
    void aKeyFileWhoseTokenUriIsPlainHttpShouldBeRefusedBeforeTheSignedAssertionCrossesTheNetwork() throws Exception {
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            plain.setSoTimeout(200);
            Path keyFile = serviceAccountKey(KeyPairGenerator.getInstance("RSA").generateKeyPair(),
                    "http://127.0.0.1:" + plain.getLocalPort() + TOKEN);

            assertThatThrownBy(() -> new GoogleServiceAccountTokenSource(keyFile, "--oauth-service-account-file",
                    "bob@example.org", null, idp.http()).fetch()).isInstanceOfSatisfying(MailferryException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(e.getMessage()).contains("http://127.0.0.1:" + plain.getLocalPort(), "https://");
                    });
            assertThatThrownBy(plain::accept).as("nobody connected to the plain endpoint")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    private Path serviceAccountKey(KeyPair keys) throws Exception {
        return serviceAccountKey(keys, idp.base().resolve(TOKEN).toString());
    }

    private Path serviceAccountKey(KeyPair keys, String tokenUri) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        var root = Json.MAPPER.createObjectNode().put("type", "service_account").put("project_id", "project")
                .put("private_key_id", "key-1").put("private_key", pem)
                .put("client_email", "mailferry@project.iam.gserviceaccount.com").put("client_id", "123")
                .put("token_uri", tokenUri);
        return Files.write(dir.resolve("sa.json"), Json.MAPPER.writeValueAsBytes(root));
    }

    private Secret secret(String value, String option) throws Exception {
        return new FileSecret(secretFile(option.substring(2), value + "\n"), option);
    }

    /** A file only its owner can read, as secrets should be. */
    private Path secretFile(String name, String content) throws java.io.IOException {
        Path p = dir.resolve(name);
        PrivateFiles.writeAtomically(p, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return p;
    }
}
