package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;

/** Store arguments as users type them: home-relative paths, bare archive directories, addresses, hosts. */
class StoreUriArgumentTest {

    @TempDir
    Path dir;

    @Test
    void aTildeShouldBeTheHomeDirectory() {
        Path home = Path.of(System.getProperty("user.home"));

        assertThat(StoreUri.parse("maildir:~/backups/alice").path()).isEqualTo(home.resolve("backups/alice"));
        assertThat(StoreUri.parse("mbox:~").path()).isEqualTo(home);
        assertThat(StoreUri.parse("maildir:/srv/~x").path()).as("only a leading ~").isEqualTo(Path.of("/srv/~x"));
    }

    @Test
    void aDirectoryHoldingAManifestShouldBeTheArchiveOfTheKindItNames() throws IOException {
        Path mbox = Files.createDirectories(dir.resolve("bob"));
        Files.writeString(mbox.resolve(StoreUri.MANIFEST_FILE), "{\"format\":\"mailferry-archive-manifest\",\"version\":1,\"store\":\"mbox\"}");

        StoreUri uri = StoreUri.parse(mbox.toString());

        assertThat(uri.kind()).isEqualTo(StoreUri.Kind.MBOX);
        assertThat(uri.path()).isEqualTo(mbox);
    }

    @Test
    void aDirectoryWithoutManifestShouldAskForItsKind() {
        assertThatThrownBy(() -> StoreUri.parse(dir.toString())).isInstanceOf(MailferryException.class)
                .hasMessage(dir + " holds no mailferry archive (no mailferry-manifest.json): name its kind, maildir:" + dir
                        + " or mbox:" + dir)
                .extracting(e -> ((MailferryException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aMailAddressOrAHostShouldGetTheUriToWrite() {
        assertThatThrownBy(() -> StoreUri.parse("alice@example.com"))
                .hasMessageContaining("write imaps://alice@example.com@HOST");
        assertThatThrownBy(() -> StoreUri.parse("imap.gmail.com")).hasMessageContaining("write imaps://USER@imap.gmail.com");
    }
}
