package org.mailferry.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;

class ArchiveIdentityTest {

    @TempDir
    Path root;

    @Test
    void requireFormatShouldRefuseAMaildirArchiveNamedAsMboxWithTheRightUri() throws Exception {
        Files.createDirectories(root.resolve("cur"));

        assertThatThrownBy(() -> ArchiveIdentity.requireFormat(StoreUri.parse("mbox:" + root)))
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("is a maildir archive, not mbox: name it maildir:" + root);
        assertThatCode(() -> ArchiveIdentity.requireFormat(StoreUri.parse("maildir:" + root))).doesNotThrowAnyException();
    }

    @Test
    void requireFormatShouldRefuseAnMboxArchiveNamedAsMaildirByItsManifest() throws Exception {
        manifest("mbox", "imaps://alice@mail.example.org:993");

        assertThatThrownBy(() -> ArchiveIdentity.requireFormat(StoreUri.parse("maildir:" + root)))
                .hasMessageContaining("is a mbox archive, not maildir: name it mbox:" + root);
        assertThatCode(() -> ArchiveIdentity.requireFormat(StoreUri.parse("mbox:" + root.resolve("new"))))
                .as("a directory that does not exist yet is anything").doesNotThrowAnyException();
    }

    @Test
    void requireSourceShouldRefuseAnotherAccountsArchive() throws Exception {
        manifest("maildir", "imaps://alice@mail.example.org:993");

        assertThatCode(() -> ArchiveIdentity.requireSource(root, "imaps://ALICE@mail.example.org:993"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ArchiveIdentity.requireSource(root, "imaps://bob@mail.example.org:993"))
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage(root + " holds the backup of imaps://alice@mail.example.org:993, not of"
                        + " imaps://bob@mail.example.org:993: back imaps://bob@mail.example.org:993 up into a directory"
                        + " of its own");
    }

    @Test
    void anotherPortOrConnectionSecurityShouldBeTheSameAccount() throws Exception {
        manifest("maildir", "imaps://alice@mail.example.org:993");

        assertThatCode(() -> ArchiveIdentity.requireSource(root, "imap://alice@mail.example.org:143"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ArchiveIdentity.requireSource(root, "imap://alice@Mail.Example.org:1143?starttls=none"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ArchiveIdentity.requireSource(root, "imaps://alice@other.example.org:993"))
                .isInstanceOf(MailferryException.class);
        assertThat(ArchiveIdentity.account("imaps://[::1]:993")).isEqualTo("[::1]");
    }

    private void manifest(String store, String source) throws Exception {
        Files.writeString(root.resolve(ArchiveManifest.FILE_NAME), """
                {"format": "mailferry-archive-manifest", "version": 1, "tool": "mailferry 0.1.0",
                 "updated": "2026-11-05T09:03:02Z", "source": "%s", "store": "%s", "folders": []}
                """.formatted(source, store));
    }
}
