package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A real full disk: the archive lives on a 3 MB tmpfs. The backup fails with exit code 14 and
 * a one-line "disk full" cause; after the file system grows, the same command completes and the
 * archive equals the server: nothing committed was lost, nothing written twice. Needs root
 * (mount); CI runs as root.
 */
class BackupDiskFullEndToEndTest {

    private static final String USER = TestImapServer.user(7);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void fullDiskShouldStopWithArchiveCodeAndResumeAfterSpaceIsFreed(String format) throws Exception {
        Path dir = Files.createDirectories(work.resolve("small-disk"));
        int rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", dir.toString())
                .inheritIO().start().waitFor();
        Assumptions.assumeTrue(rc == 0, "mounting a tmpfs needs root; CI runs as root");
        mount = dir;
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 13, "--messages", "300", "--megabytes", "12");
        ImapSnapshot source = ImapSnapshot.take(server, USER);

        String target = format + ":" + dir.resolve("archive");
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", target, credentials(server, USER));
        MailferryCli cli = E2eSupport.cli(work);
        MailferryCli.Result full = cli.run(backup);
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(14);
        assertThat(full.err()).contains("disk full").contains("run the same command again")
                .as("the file being written is named, not the manifest written last")
                .contains(dir.resolve("archive").toString()).doesNotContain("mailferry-manifest.json");

        rc = new ProcessBuilder("mount", "-o", "remount,size=64m", dir.toString()).inheritIO().start().waitFor();
        assertThat(rc).isZero();
        MailferryCli.Result resumed = cli.run(backup);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
    }
}
