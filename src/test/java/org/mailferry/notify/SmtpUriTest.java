package org.mailferry.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpUriTest {

    @ParameterizedTest
    @CsvSource({
        "smtp://alice@company.com@smtp.office365.com, smtp://alice@company.com@smtp.office365.com:587",
        "smtps://bob@smtp.gmail.com, smtps://bob@smtp.gmail.com:465",
        "smtp://relay.local:25?starttls=none, smtp://relay.local:25?starttls=none",
        "SMTP://carol@mail.example.org:2525/, smtp://carol@mail.example.org:2525",
        "smtp://dave@[::1]:587, smtp://dave@::1:587",
    })
    void parseShouldApplyDefaultsAndKeepTheUser(String text, String described) {
        assertThat(SmtpUri.parse(text).describe()).isEqualTo(described);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "smtp://alice:s3cret@host | never put secrets on the command line",
        "imap://alice@host        | is not an SMTP server",
        "smtp://alice@host:99999  | names no valid host and port",
        "smtp://alice@host?tls=1  | unknown option",
    })
    void badUrisShouldBeUsageErrorsWithoutTheSecret(String text, String message) {
        assertThatThrownBy(() -> SmtpUri.parse(text)).hasMessageContaining(message).hasMessageNotContaining("s3cret");
    }
}
