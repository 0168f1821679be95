package org.mailferry.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretMaskTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "imaps://alice:Sup3r@Secret99@host|imaps://alice:***@host",
        "imap5://alice:TopSecret77@host|imap5://alice:***@host",
        "imap://alice@company.com:pw@host:143?starttls=none|imap://alice@company.com:***@host:143?starttls=none",
        "smtps://bob:s3cret@mail.example.org:465|smtps://bob:***@mail.example.org:465",
        "smtp://relay:25|smtp://relay:25",
        "imaps://alice@company.com@outlook.office365.com|imaps://alice@company.com@outlook.office365.com",
        "jdbc:postgresql://db/x?user=u&password=Pg5ecret!|jdbc:postgresql://db/x?user=u&password=***",
        "jdbc:postgresql://u:Pg5ecret@db:5432/x|jdbc:postgresql://u:***@db:5432/x",
        "jdbc:h2:file:/var/lib/x;USER=sa;PASSWORD=H2secret|jdbc:h2:file:/var/lib/x;USER=sa;PASSWORD=***",
        "imaps://alice:p?ss@host|imaps://alice:***@host",
        "maildir:/backups/alice|maildir:/backups/alice",
    })
    void uriShouldMaskEveryPasswordWhenTheUriCarriesOne(String input, String expected) {
        assertThat(SecretMask.uri(input)).isEqualTo(expected);
        assertThat(SecretMask.text(input)).isEqualTo(expected);
        assertThat(SecretMask.uri(expected)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unknown store 'imap5://alice:TopSecret77@host': use imaps://USER@HOST|unknown store 'imap5://alice:***@host': use imaps://USER@HOST",
        "cannot open jdbc:postgresql://db:1/x?password=abc&ssl=true: refused|cannot open jdbc:postgresql://db:1/x?password=***&ssl=true: refused",
        "no secret here: INBOX/Sent 42|no secret here: INBOX/Sent 42",
        "cannot open the job database jdbc:postgresql://u:***@127.0.0.1:1/x: u:Secret46x@127.0.0.1|cannot open the job database jdbc:postgresql://u:***@127.0.0.1:1/x: u:***@127.0.0.1",
        "refused 1700000001.2.host:2,S in INBOX at 10:30|refused 1700000001.2.host:2,S in INBOX at 10:30",
    })
    void textShouldMaskEveryUriWhenEmbeddedInAMessage(String input, String expected) {
        assertThat(SecretMask.text(input)).isEqualTo(expected);
    }
}
