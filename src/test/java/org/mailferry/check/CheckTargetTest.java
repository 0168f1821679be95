package org.mailferry.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What check makes of a URI, and the URI it proposes when the TLS mode is mixed up. */
class CheckTargetTest {

    @ParameterizedTest
    @CsvSource({
        "imaps://alice@host:10993, IMAP, imap://alice@host:10993?starttls=required",
        "imap://alice@host:10143, IMAP, imaps://alice@host:10143",
        "smtp://alice@company.com@smtp.office365.com, SMTP, smtps://alice@company.com@smtp.office365.com:587",
        "smtps://bob@smtp.gmail.com, SMTP, smtp://bob@smtp.gmail.com:465",
    })
    void theOtherTlsModeShouldKeepUserHostAndPort(String uri, CheckTarget.Protocol protocol, String other) {
        CheckTarget t = CheckTarget.parse(uri);

        assertThat(t.protocol()).isEqualTo(protocol);
        assertThat(t.withOtherTlsMode()).isEqualTo(other);
    }

    @ParameterizedTest
    @CsvSource({"maildir:/tmp/a", "mbox:/tmp/b"})
    void archivesShouldBeRefused(String uri) {
        assertThatThrownBy(() -> CheckTarget.parse(uri)).hasMessageContaining("check examines servers");
    }
}
