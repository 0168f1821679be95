package org.mailferry.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailferry.store.StoreUri;

class ArchiveTemplateTest {

    @Test
    void placeholdersTakeTheLoginItsDomainAndTheServer() {
        StoreUri alice = StoreUri.parse("imaps://alice@company.com@outlook.office365.com");
        assertThat(ArchiveTemplate.expand("maildir:/srv/{domain}/{user} on {host}", alice))
                .isEqualTo("maildir:/srv/company.com/alice@company.com on outlook.office365.com");
        assertThat(ArchiveTemplate.expand("maildir:/srv/{domain}", StoreUri.parse("imaps://bob@mail.example.org")))
                .as("a login without a domain: the server's").isEqualTo("maildir:/srv/mail.example.org");
        assertThat(ArchiveTemplate.isPerAccount("maildir:/srv/{user}")).isTrue();
        assertThat(ArchiveTemplate.isPerAccount("maildir:/srv/{domain}")).isFalse();
    }

    @Test
    void aValueThatWouldLeaveTheDirectoryIsRefused() {
        for (String user : new String[] {"..", ".", "a/b", "x\ny", "tab\tname"}) {
            StoreUri uri = new StoreUri(StoreUri.Kind.IMAP, user, "mail.example.org", 993,
                    StoreUri.Security.IMPLICIT_TLS, null, java.util.Map.of());
            assertThatThrownBy(() -> ArchiveTemplate.expand("maildir:/srv/{user}", uri)).as(user)
                    .hasMessageContaining("{user} of ").hasMessageContaining("cannot name a directory")
                    .hasMessageNotContaining("\n");
        }
    }
}
