package org.mailferry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;

/** Which credentials each combination of options gives, and the usage error of each one that cannot work. */
class CredentialsResolverTest {

    private static final String M365 = "outlook.office365.com";

    @TempDir
    Path state;

    private final StringWriter err = new StringWriter();

    private Credentials resolve(AuthChoice choice, String host) {
        try {
            return new CredentialsResolver(new OAuthHttp(SSLContext.getDefault(), Duration.ofSeconds(5)),
                    new PrintWriter(err, true), false).resolve(choice, "alice@company.com", host, MailProtocol.IMAP, state);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Options as the source mixin gives them; null = not given. */
    private static AuthChoice choice(String prefix, Path passwordFile, String passwordEnv, String oauth, String tenant,
                                     String clientId, String secretEnv, Path certificate, String tokenCommand) {
        return new AuthChoice(prefix, null, passwordFile, passwordEnv, null, oauth, tenant, clientId, secretEnv, null,
                certificate, null, null, null, tokenCommand, null, null);
    }

    private static AuthChoice oauth(String flow, String tenant, String clientId) {
        return choice("--", null, null, flow, tenant, clientId, null, null, null);
    }

    @Test
    void aPasswordFileShouldGivePasswordCredentialsNamingTheOption() {
        Credentials c = resolve(choice("--", Path.of("/p"), null, null, null, null, null, null, null), "mail.example.org");

        assertThat(c).isInstanceOf(PasswordCredentials.class);
        assertThat(c.mechanisms()).isNull();
        assertThat(c.describe()).isEqualTo("password from --password-file /p");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPasswordForExchangeOnlineShouldWarnThatItIsRefused() {
        resolve(choice("--", Path.of("/p"), null, null, null, null, null, null, null), M365);

        assertThat(err.toString()).contains("WARNING").contains("refuses passwords").contains("--oauth device-code");
    }

    @Test
    void exchangeOnlineWithoutAnyOptionAndNoSavedSignInShouldNameTheOAuthOptions() {
        assertThatThrownBy(() -> resolve(choice("--", null, null, null, null, null, null, null, null), M365))
                .isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("--oauth device-code --oauth-client-id ID")
                            .contains("client-credentials");
                });
    }

    @Test
    void exchangeOnlineWithoutAnyOptionShouldUseTheSavedSignIn() throws Exception {
        Path cache = state.resolve("oauth/alice@company.com.json");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "{\"version\":1,\"clientId\":\"app-1\",\"tenant\":\"contoso.com\","
                + "\"authority\":\"https://login.microsoftonline.com/\",\"msal\":{}}");

        Credentials c = resolve(choice("--", null, null, null, null, null, null, null, null), M365);

        assertThat(c).isInstanceOf(OAuthCredentials.class);
        assertThat(c.mechanisms()).isEqualTo("XOAUTH2");
        assertThat(c.describe()).contains("device-code").contains("app-1").contains("contoso.com").contains(cache.toString());
    }

    @Test
    void aTokenCommandShouldGiveXoauth2Credentials() {
        Credentials c = resolve(choice("--", null, null, null, null, null, null, null, "oama access alice"), "imap.gmail.com");

        assertThat(c.mechanisms()).isEqualTo("XOAUTH2");
        assertThat(c.describe()).contains("--oauth-token-command oama access alice");
    }

    @Test
    void deviceCodeShouldDefaultToWorkAccounts() {
        assertThat(resolve(oauth("device-code", null, "app-1"), M365).describe()).contains("tenant organizations");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "two password sources        | --   | /p | VAR |                    |              |       |     |      |     | give only one of --password-file, --password-env",
        "password and oauth          | --   | /p |     | device-code        |              | app-1 |     |      |     | choose a password (--password-file) or OAuth2 (--oauth ...)",
        "unknown flow                | --   |    |     | implicit           |              |       |     |      |     | unknown --oauth implicit: use device-code, client-credentials",
        "device code without client  | --   |    |     | device-code        |              |       |     |      |     | --oauth device-code needs --oauth-client-id ID",
        "client id without flow      | --   |    |     |                    |              | app-1 |     |      |     | --oauth-client-id needs --oauth FLOW",
        "certificate for device code | --   |    |     | device-code        |              | app-1 |     | /c   |     | --oauth-certificate does not apply to --oauth device-code",
        "app-only on a shared tenant | --   |    |     | client-credentials | organizations| app-1 | S   |      |     | needs the mailboxes' own tenant in --oauth-tenant",
        "app-only without tenant     | --   |    |     | client-credentials |              | app-1 | S   |      |     | --oauth client-credentials needs --oauth-tenant",
        "secret and certificate      | --   |    |     | client-credentials | contoso.com  | app-1 | S   | /c   |     | needs exactly one of --oauth-client-secret-env, --oauth-client-secret-file, --oauth-certificate",
        "google flow on exchange     | --   |    |     | google-service-account |          |       |     |      |     | is a Google flow, but the server is Microsoft 365",
        "token command and flow      | --   |    |     | device-code        |              |       |     |      | cmd | --oauth-token-command replaces --oauth FLOW",
        "target prefix               | --target- |    |     | device-code   |              |       |     |      |     | --target-oauth device-code needs --target-oauth-client-id ID",
    })
    void impossibleCombinationsShouldBeUsageErrors(String name, String prefix, String passwordFile, String passwordEnv,
                                                   String flow, String tenant, String clientId, String secretEnv,
                                                   String certificate, String tokenCommand, String expected) {
        AuthChoice c = choice(prefix, passwordFile == null ? null : Path.of(passwordFile), passwordEnv, flow, tenant,
                clientId, secretEnv, certificate == null ? null : Path.of(certificate), tokenCommand);

        assertThatThrownBy(() -> resolve(c, M365)).isInstanceOfSatisfying(MailferryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains(expected);
        });
    }

    @Test
    void noOptionForAnotherServerWithoutTerminalShouldNameThePasswordOptions() {
        assertThatThrownBy(() -> resolve(choice("--", null, null, null, null, null, null, null, null), "mail.example.org"))
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.getMessage())
                        .contains("--password-file FILE, --password-env VAR or --password-command CMD"));
    }

    @Test
    void anAuthorityThatIsNotHttpsShouldBeRefused() {
        AuthChoice c = new AuthChoice("--", null, null, null, null, "device-code", null, "app-1", null, null, null, null,
                null, null, null, null, "http://login.example/");

        assertThatThrownBy(() -> resolve(c, M365)).hasMessageContaining("--oauth-authority http://login.example/ is not an https:// URL");
    }

    @Test
    void identityAuthorityUrlShouldJoinHostAndTenant() {
        assertThat(new MicrosoftIdentity(URI.create("https://login.microsoftonline.us"), "contoso.com", "a").authorityUrl())
                .isEqualTo("https://login.microsoftonline.us/contoso.com/");
    }
}
