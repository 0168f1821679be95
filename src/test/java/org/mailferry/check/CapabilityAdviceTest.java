package org.mailferry.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailferry.provider.Providers;

class CapabilityAdviceTest {

    @Test
    void extensionsAProviderIsKnownToLackShouldSaySo() {
        List<String> notes = CapabilityAdvice.imap(List.of("IMAP4rev1", "UIDPLUS", "MOVE"), Providers.OFFICE365);

        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("CONDSTORE").contains("no ")
                .endsWith("(Microsoft 365 (Exchange Online) never offers it)"));
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("UIDPLUS").contains("yes").doesNotContain("never"));
    }

    @Test
    void aGenericServerShouldGetNoProviderRemark() {
        List<String> notes = CapabilityAdvice.imap(List.of("IMAP4rev1", "CONDSTORE"), Providers.GENERIC);

        assertThat(notes).noneMatch(n -> n.contains("never offers") || n.contains("known not to"));
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("CONDSTORE").contains("yes"));
    }
}
