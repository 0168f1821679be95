package org.mailferry.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.provider.LoginAdvice.Method;

/** The explanation of each provider's login refusal, by the server's own words. */
class LoginAdviceTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "office365 | PASSWORD | AUTHENTICATE failed.                                 | alice@company.com | basic authentication is off since October 2022",
        "office365 | PASSWORD | AUTHENTICATE failed.                                 | bob@outlook.com   | is a personal Microsoft account: sign in with --oauth-tenant consumers",
        "office365 | OAUTH    | AUTHENTICATE failed.                                 | alice@company.com | refused the OAuth2 token",
        "office365 | OAUTH    | User is authenticated but not connected.             | alice@company.com | FullAccess on this mailbox",
        "office365 | PASSWORD | 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. | alice@company.com | authenticated SMTP is disabled",
        "gmail     | PASSWORD | [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure) | bob@gmail.com | app password",
        "gmail     | PASSWORD | [AUTHENTICATIONFAILED] Invalid credentials (Failure) | bob@gmail.com     | not the normal Google password",
        "gmail     | PASSWORD | [ALERT] Your account is not enabled for IMAP use.    | bob@gmail.com     | enable it in Gmail settings",
        "gmail     | OAUTH    | [AUTHENTICATIONFAILED] Invalid credentials (Failure) | bob@example.org   | https://mail.google.com/",
    })
    void explainShouldNameCauseAndFix(String provider, Method method, String serverText, String user, String expected) {
        assertThat(Providers.named(provider).explainLoginFailure(serverText, user, method)).hasValueSatisfying(
                s -> assertThat(s).contains(expected).doesNotContain("\n"));
    }

    @org.junit.jupiter.api.Test
    void aGenericServerShouldHaveNoSpecialAdvice() {
        assertThat(Providers.GENERIC.explainLoginFailure("NO [AUTHENTICATIONFAILED] Authentication failed.", "u",
                Method.PASSWORD)).isEmpty();
    }
}
