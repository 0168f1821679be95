package org.mailferry.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.SpecialUse;
import org.mailferry.store.StoreUri;
import org.mailferry.store.StoreUri.Security;

class ProvidersTest {

    @ParameterizedTest
    @CsvSource({
        "outlook.office365.com, office365",
        "OUTLOOK.OFFICE.COM, office365",
        "smtp.office365.com, office365",
        "imap.gmail.com, gmail",
        "smtp.gmail.com, gmail",
        "imap.googlemail.com, gmail",
        "mail.example.org, generic",
        "gmail.com, generic",
        "127.0.0.1, generic",
    })
    void detectShouldRecogniseTheProviderByHostName(String host, String expected) {
        assertThat(Providers.detect(host).name()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"office365, office365", "Microsoft365, office365", "m365, office365", "gmail, gmail", "google, gmail",
        "generic, generic"})
    void namedShouldAcceptNamesAndAliases(String name, String expected) {
        assertThat(Providers.named(name).name()).isEqualTo(expected);
    }

    @Test
    void anUnknownNameShouldListTheChoices() {
        assertThatThrownBy(() -> Providers.named("yahoo")).isInstanceOfSatisfying(MailferryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("office365, gmail or generic");
        });
    }

    @Test
    void presetsShouldCarryTheDocumentedFigures() {
        ProviderPreset m365 = Providers.OFFICE365;
        assertThat(m365.imap()).isEqualTo(new ServerSettings("outlook.office365.com", 993, Security.IMPLICIT_TLS));
        assertThat(m365.smtp()).isEqualTo(new ServerSettings("smtp.office365.com", 587, Security.STARTTLS));
        assertThat(m365.quirks().passwordLogin()).isFalse();
        assertThat(m365.quirks().keywordsStorable()).isFalse();
        assertThat(m365.quirks().missingExtensions()).contains("CONDSTORE", "QRESYNC", "MULTIAPPEND");
        assertThat(m365.quirks().rewritesMessages()).isTrue();
        assertThat(m365.limits().appendLimitBytes()).isEqualTo(45_000_000L);
        assertThat(m365.folderNames()).containsEntry(SpecialUse.SENT, "Sent Items");

        ProviderPreset gmail = Providers.GMAIL;
        assertThat(gmail.smtp()).isEqualTo(new ServerSettings("smtp.gmail.com", 587, Security.STARTTLS));
        assertThat(gmail.limits().appendLimitBytes()).isEqualTo(35_651_584L);
        assertThat(gmail.limits().maxConnections()).isEqualTo(15);
        assertThat(gmail.quirks().labelsAsFolders()).isTrue();
        assertThat(gmail.folderNames()).containsEntry(SpecialUse.ALL, "[Gmail]/All Mail");
    }

    @ParameterizedTest
    @CsvSource({
        // uri, explicit provider?, expected
        "imaps://alice@company.com, true, imaps://alice@company.com@outlook.office365.com:993",
        "imaps://alice@company.com, false, imaps://alice@company.com:993",
        "imaps://alice@company.com@outlook.office365.com, true, imaps://alice@company.com@outlook.office365.com:993",
        "imaps://alice@company.com:10993, true, imaps://alice@company.com:10993",
        "imaps://alice@localhost, true, imaps://alice@localhost:993",
    })
    void completeShouldFillInTheServerOnlyWhenTheUriLacksIt(String uri, boolean explicit, String expected) {
        assertThat(Providers.completeImapUri(StoreUri.parse(uri), Providers.OFFICE365, explicit).describe())
                .isEqualTo(expected);
    }
}
