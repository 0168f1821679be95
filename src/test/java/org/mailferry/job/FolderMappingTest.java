package org.mailferry.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SpecialUse;

/** Where folders go: role mapping, --into, --map rules in order, and which folders are selected. */
class FolderMappingTest {

    private static FolderInfo folder(String name, SpecialUse role) {
        return new FolderInfo(FolderPath.of(name), name, '/', Optional.ofNullable(role), Set.of());
    }

    private final List<FolderInfo> gmailTarget = List.of(folder("INBOX", null), folder("[Gmail]/Sent Mail", SpecialUse.SENT),
            folder("[Gmail]/Trash", SpecialUse.TRASH), folder("[Gmail]/All Mail", SpecialUse.ALL));

    @Test
    void specialFoldersShouldMapByRoleAndOthersByName() {
        RoleMapping roles = new RoleMapping(gmailTarget, null);
        assertThat(roles.apply(folder("Sent", SpecialUse.SENT))).isEqualTo(FolderPath.of("[Gmail]/Sent Mail"));
        assertThat(roles.apply(folder("Deleted Items", SpecialUse.TRASH))).isEqualTo(FolderPath.of("[Gmail]/Trash"));
        assertThat(roles.apply(folder("Junk", SpecialUse.JUNK))).as("no such role on the target").isEqualTo(FolderPath.of("Junk"));
        assertThat(roles.apply(folder("Projects/2026", null))).isEqualTo(FolderPath.of("Projects/2026"));
        assertThat(roles.apply(folder("inbox", null))).isEqualTo(FolderPath.INBOX);
    }

    @Test
    void intoShouldPutEveryFolderBelowThePrefixByName() {
        RoleMapping into = new RoleMapping(gmailTarget, FolderPath.of("Restored/2026-11-25"));
        assertThat(into.apply(folder("Sent", SpecialUse.SENT))).isEqualTo(FolderPath.of("Restored/2026-11-25/Sent"));
        assertThat(into.apply(folder("INBOX", null))).isEqualTo(FolderPath.of("Restored/2026-11-25/INBOX"));
    }

    @Test
    void mapRulesShouldApplyInOrderAndWinOverRoles() {
        FolderMapping mapping = new FolderMapping(List.of(FolderMapping.Rule.parse("INBOX/Archive/(.*)=Archive/$1"),
                FolderMapping.Rule.parse("Archive/2019=Old/2019"), FolderMapping.Rule.parse("Sent=Sent Items")),
                new RoleMapping(gmailTarget, null));
        assertThat(mapping.apply(folder("INBOX/Archive/2020", null))).isEqualTo(FolderPath.of("Archive/2020"));
        assertThat(mapping.apply(folder("INBOX/Archive/2019", null))).isEqualTo(FolderPath.of("Old/2019"));
        assertThat(mapping.apply(folder("Sent", SpecialUse.SENT))).isEqualTo(FolderPath.of("Sent Items"));
        assertThat(mapping.apply(folder("Trash", SpecialUse.TRASH))).isEqualTo(FolderPath.of("[Gmail]/Trash"));
    }

    @Test
    void badRulesShouldBeUsageErrors() {
        assertThatThrownBy(() -> FolderMapping.Rule.parse("no-equals-sign")).isInstanceOf(MailferryException.class)
                .hasMessageContaining("FROM=TO");
        assertThatThrownBy(() -> FolderMapping.Rule.parse("(unclosed=x")).hasMessageContaining("regular expression");
        FolderMapping toNothing = new FolderMapping(List.of(FolderMapping.Rule.parse("Junk=")), new RoleMapping(List.of(), null));
        assertThatThrownBy(() -> toNothing.apply(folder("Junk", null))).hasMessageContaining("not a folder name");
    }

    @ParameterizedTest
    @CsvSource({
            "INBOX, '', '', true",
            "Projects/2026, Projects/*, '', true",
            "Projects, Projects/*, '', false",
            "Trash, '', Trash, false",
            "inbox, INBOX, '', true",
            "Lists/dev, L?sts/*, '', true",
            "Archive/2019, '', Archive/*, false"})
    void globsShouldSelectFolders(String folder, String include, String exclude, boolean selected) {
        FolderSelection s = new FolderSelection(include.isEmpty() ? List.of() : List.of(include),
                exclude.isEmpty() ? List.of() : List.of(exclude));
        assertThat(s.matches(FolderPath.of(folder))).isEqualTo(selected);
    }
}
