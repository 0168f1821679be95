package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;

/** Store URIs as users type them, and the mistakes they make. */
class StoreUriTest {

    @ParameterizedTest
    @CsvSource({
            "imaps://alice@outlook.office365.com, alice, outlook.office365.com, 993, IMPLICIT_TLS, imaps://alice@outlook.office365.com:993",
            "imaps://alice@company.com@outlook.office365.com, alice@company.com, outlook.office365.com, 993, IMPLICIT_TLS, imaps://alice@company.com@outlook.office365.com:993",
            "imaps://bob@127.0.0.1:10993, bob, 127.0.0.1, 10993, IMPLICIT_TLS, imaps://bob@127.0.0.1:10993",
            "imap://carol@mail.example.org?starttls=required, carol, mail.example.org, 143, STARTTLS, imap://carol@mail.example.org:143",
            "imap://dan@mail.example.org:1143?starttls=none, dan, mail.example.org, 1143, NONE, imap://dan@mail.example.org:1143?starttls=none",
            "IMAPS://eve%40corp@[::1]:993/, eve@corp, ::1, 993, IMPLICIT_TLS, imaps://eve@corp@[::1]:993"})
    void imapUrisShouldParse(String text, String user, String host, int port, StoreUri.Security security, String described) {
        StoreUri u = StoreUri.parse(text);
        assertThat(u.user()).isEqualTo(user);
        assertThat(u.host()).isEqualTo(host);
        assertThat(u.port()).isEqualTo(port);
        assertThat(u.security()).isEqualTo(security);
        assertThat(u.describe()).isEqualTo(described);
    }

    @ParameterizedTest
    @CsvSource({
            "'imaps://alice:s3cr3tValue@host', password",
            "'imaps://host', USER@HOST",
            "'imaps://alice@host:99999', bad port",
            "'pop3://alice@host', unknown store",
            "'maildir:', names no directory",
            "'imap://a@h?starttls=maybe', starttls=maybe"})
    void mistakesShouldBeUsageErrorsThatNeverEchoASecret(String text, String says) {
        assertThatThrownBy(() -> StoreUri.parse(text)).isInstanceOfSatisfying(MailferryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains(says).doesNotContain("s3cr3tValue");
        });
    }
}
