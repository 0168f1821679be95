package org.mailferry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;

/** The device-code flow and its token cache against a local identity provider. */
class MicrosoftDeviceCodeTokenSourceTest {

    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    private static final String USER = "alice@example.com";
    private static final String DEVICE = "/organizations/oauth2/v2.0/devicecode";
    private static final String TOKEN = "/organizations/oauth2/v2.0/token";

    @TempDir
    Path dir;

    private FakeIdentityProvider idp;
    private final StringWriter prompt = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        idp = new FakeIdentityProvider();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private MicrosoftIdentity identity() {
        return new MicrosoftIdentity(idp.base(), "organizations", CLIENT);
    }

    private MicrosoftDeviceCodeTokenSource source(Path cache, boolean interactive) {
        return new MicrosoftDeviceCodeTokenSource(identity(), OAuthScopes.microsoftDelegated(MailProtocol.IMAP), USER,
                new TokenCacheFile(cache, identity()), new PrintWriter(prompt, true), interactive, idp.http());
    }

    @Test
    void fetchShouldPrintTheCodeAndPollUntilTheSignInCompletes() throws Exception {
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 400, FakeIdentityProvider.error("authorization_pending", "AADSTS70016: pending"));
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-1", "rt-1", 3600, USER, CLIENT));
        Path cache = dir.resolve("oauth/alice.json");

        AccessToken token = source(cache, true).fetch();

        assertThat(token.value()).isEqualTo("at-1");
        assertThat(prompt.toString()).contains("https://microsoft.com/devicelogin").contains("ABCD-1234").contains(USER);
        assertThat(idp.requests(DEVICE).get(0).form().get("scope"))
                .contains(OAuthScopes.MICROSOFT_IMAP).contains("offline_access");
        assertThat(idp.requests(TOKEN)).hasSize(2);
        assertThat(idp.requests(TOKEN).get(1).form()).containsEntry("device_code", "dc-1");
        assertThat(Files.getPosixFilePermissions(cache)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(cache)).contains("rt-1").contains(CLIENT).doesNotContain("ABCD");
    }

    @Test
    void aLaterRunShouldRefreshFromTheCacheWithoutPrompting() throws Exception {
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-1", "rt-1", 60, USER, CLIENT));
        Path cache = dir.resolve("alice.json");
        source(cache, true).fetch();
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-2", "rt-2", 3600, USER, CLIENT));
        prompt.getBuffer().setLength(0);

        AccessToken token = source(cache, false).fetch();

        assertThat(token.value()).isEqualTo("at-2");
        assertThat(prompt.toString()).isEmpty();
        assertThat(idp.requests(DEVICE)).hasSize(1);
        assertThat(idp.requests(TOKEN).get(1).form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "rt-1");
        assertThat(TokenCacheFile.storedIdentity(cache)).contains(identity());
    }

    @Test
    void aTokenCacheNamingAPlainHttpAuthorityShouldBeRefusedBeforeAnythingIsSent() throws Exception {
        Path cache = dir.resolve("tampered.json");
        Files.writeString(cache, "{\"version\":1,\"clientId\":\"app\",\"tenant\":\"organizations\","
                + "\"authority\":\"http://127.0.0.1:9/\",\"msal\":{}}");

        assertThatThrownBy(() -> TokenCacheFile.storedIdentity(cache)).isInstanceOfSatisfying(
                org.mailferry.error.MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(org.mailferry.error.ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("http://127.0.0.1:9/", "is not an https:// URL");
                });
    }

    @Test
    void aRevokedSignInWithoutTerminalShouldFailWithTheFix() throws Exception {
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-1", "rt-1", 60, USER, CLIENT));
        Path cache = dir.resolve("alice.json");
        source(cache, true).fetch();
        idp.enqueue(TOKEN, 400, FakeIdentityProvider.error("invalid_grant",
                "AADSTS700082: The refresh token has expired due to inactivity."));

        assertThatThrownBy(() -> source(cache, false).fetch()).isInstanceOfSatisfying(MailferryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
            assertThat(e.getMessage()).contains("no valid sign-in for " + USER).contains("--oauth device-code");
        });
    }

    @Test
    void aDeclinedSignInShouldBeExplainedInOneLine() {
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 400, FakeIdentityProvider.error("authorization_declined", "AADSTS70000: declined"));

        assertThatThrownBy(() -> source(dir.resolve("c.json"), true).fetch())
                .isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
                    assertThat(e.getMessage()).contains("declined").doesNotContain("\n");
                });
    }

    @Test
    void scopesShouldFollowTheProtocol() {
        assertThat(OAuthScopes.microsoftDelegated(MailProtocol.SMTP)).isEqualTo(Set.of(OAuthScopes.MICROSOFT_SMTP));
    }
}
