package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Retention ({@code --keep-deleted-for}): mail deleted on the server stays in the archive until
 * it has been gone that long, then goes; the archive still verifies and reads in other tools.
 */
class BackupRetentionEndToEndTest {

    private static final String USER = TestImapServer.user(37);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"maildir,", "mbox,", "mbox,zstd"})
    void deletedMailShouldStayUntilItHasBeenGoneLongEnoughThenGo(String format, String compress) throws Exception {
        server.resetUser(USER);
        server.fillCorpus(USER, "demo", 61);
        String target = format + ":" + work.resolve(format);
        MailferryCli cli = E2eSupport.cli(work);
        List<Object> extra = compress == null ? List.of() : List.of("--compress", compress);
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", target, "--json",
                credentials(server, USER), extra);
        assertThat(cli.run(backup).exitCode()).isZero();

        ImapSnapshot before = ImapSnapshot.take(server, USER);
        List<ImapSnapshot.SnapshotMessage> goneOnes = List.of(before.inFolder("INBOX").get(3),
                before.inFolder("Sent").get(0));
        try (MailboxEditor edit = new MailboxEditor(server, USER)) {
            edit.expunge("INBOX", goneOnes.get(0).uid());
            edit.expunge("Sent", goneOnes.get(1).uid());
        }
        ImapSnapshot now = ImapSnapshot.take(server, USER);

        MailferryCli.Result kept = cli.run(args(backup, "--keep-deleted-for", "1h"));
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(E2eSupport.totals(kept.out()).path("deleted").asLong()).isZero();
        List<ImapSnapshot.SnapshotMessage> withGone = new ArrayList<>(now.messages());
        withGone.addAll(goneOnes);
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(now.folders(), withGone), ArchiveSnapshot.take(target))).isEmpty();

        MailferryCli.Result pruned = cli.run(args(backup, "--keep-deleted-for", "0"));
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(E2eSupport.totals(pruned.out()).path("deleted").asLong()).isEqualTo(2);
        assertThat(ImapSnapshot.diff(now, ArchiveSnapshot.take(target))).isEmpty();

        MailferryCli.Result verify = cli.run("verify", target);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }
}
