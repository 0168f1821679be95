package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.imap.ImapNamespaces.Kind;
import org.mailferry.imap.ImapNamespaces.Namespace;
import org.mailferry.store.FolderPath;

class ImapNamespacesTest {

    /** Cyrus as Debian ships it: personal "INBOX.", other users "user.", shared "". */
    private static final ImapNamespaces CYRUS = new ImapNamespaces(List.of(new Namespace("INBOX.", '.')),
            List.of(new Namespace("user.", '.')), List.of(new Namespace("shared.", '.')));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INBOX                | INBOX          | PERSONAL
            inbox                | INBOX          | PERSONAL
            INBOX.Sent           | Sent           | PERSONAL
            INBOX.Projects.2026  | Projects/2026  | PERSONAL
            INBOX.INBOX          | INBOX          | PERSONAL
            user.bob.Sent        | user/bob/Sent  | OTHER_USERS
            shared.team          | shared/team    | SHARED
            Elsewhere            | Elsewhere      | PERSONAL
            """)
    void pathShouldDropThePersonalPrefixOnly(String listed, String display, Kind kind) {
        assertThat(CYRUS.path(listed, '.').display()).isEqualTo(display);
        assertThat(CYRUS.kindOf(listed)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Sent         | Sent
            a//b         | a//b
            /x           | /x
            #shared/x    | #shared/x
            """)
    void anUnprefixedNamespaceShouldKeepNamesExactly(String listed, String key) {
        ImapNamespaces plain = new ImapNamespaces(List.of(new Namespace("", '/')), List.of(),
                List.of(new Namespace("#shared/", '/')));
        assertThat(plain.path(listed, '/').key()).isEqualTo(key);
        assertThat(plain.kindOf(listed)).isEqualTo(listed.startsWith("#shared/") ? Kind.SHARED : Kind.PERSONAL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            personal "INBOX." "."; other users "user." "."; shared "shared." "."
            """)
    void describeShouldNameEveryNamespace(String expected) {
        assertThat(CYRUS.describe()).isEqualTo(expected);
        assertThat(CYRUS.createPrefix()).isEqualTo("INBOX.");
        assertThat(ImapNamespaces.unprefixed('/').path("a/b", '/')).isEqualTo(FolderPath.of("a/b"));
    }
}
