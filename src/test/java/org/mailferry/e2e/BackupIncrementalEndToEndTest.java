package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import jakarta.mail.Flags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import tools.jackson.databind.JsonNode;

/**
 * Incremental runs: only new mail is copied, flag changes are recorded, mail deleted on the
 * server stays in the archive, and a UIDVALIDITY change never mixes two UID spaces.
 */
class BackupIncrementalEndToEndTest {

    private static final String USER = TestImapServer.user(5);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @BeforeEach
    void fill() {
        server.resetUser(USER);
        server.fillCorpus(USER, "demo", 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void secondRunShouldCopyOnlyNewMailRecordFlagChangesAndKeepDeletedMail(String format) throws Exception {
        String target = format + ":" + work.resolve(format);
        MailferryCli cli = E2eSupport.cli(work);
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", target, "--json",
                credentials(server, USER));
        MailferryCli.Result first = cli.run(backup);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        ImapSnapshot before = ImapSnapshot.take(server, USER);

        ImapSnapshot.SnapshotMessage deleted = before.inFolder("INBOX").get(1);
        long deletedUid = deleted.uid();
        long flaggedUid = before.inFolder("INBOX").stream().filter(m -> !m.flags().contains("\\Flagged")
                && m.uid() != deletedUid).findFirst().orElseThrow().uid();
        try (MailboxEditor edit = new MailboxEditor(server, USER)) {
            edit.append("INBOX", "new one", new Flags(), new Date(1_700_000_000_000L));
            edit.append("Archive", "new two", new Flags(Flags.Flag.SEEN), new Date(1_600_000_000_000L));
            Flags flaggedAndKeyword = new Flags(Flags.Flag.FLAGGED);
            flaggedAndKeyword.add("$Important");
            edit.flag("INBOX", flaggedUid, flaggedAndKeyword, true);
            edit.expunge("INBOX", deletedUid);
        }
        ImapSnapshot after = ImapSnapshot.take(server, USER);

        MailferryCli.Result second = cli.run(backup);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode totals = E2eSupport.totals(second.out());
        assertThat(totals.path("copied").asLong()).isEqualTo(2);
        assertThat(totals.path("flagUpdates").asLong()).isEqualTo(1);

        List<ImapSnapshot.SnapshotMessage> expected = new java.util.ArrayList<>(after.messages());
        expected.add(deleted);
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(after.folders(), expected), ArchiveSnapshot.take(target)))
                .as("archive = server now + the message deleted on the server").isEmpty();

        MailferryCli.Result third = cli.run(backup);
        assertThat(E2eSupport.totals(third.out()).path("copied").asLong()).isZero();
        assertThat(E2eSupport.totals(third.out()).path("flagUpdates").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void uidValidityChangeShouldSetTheOldGenerationAsideAndCopyTheNewOne(String format) throws Exception {
        String target = format + ":" + work.resolve(format);
        MailferryCli cli = E2eSupport.cli(work);
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", target, "--json",
                credentials(server, USER));
        assertThat(cli.run(backup).exitCode()).isZero();
        ImapSnapshot before = ImapSnapshot.take(server, USER);
        long oldValidity;
        try (MailboxEditor edit = new MailboxEditor(server, USER)) {
            oldValidity = edit.uidValidity("Family");
            edit.recreate("Family");
            edit.append("Family", "after the reset", new Flags(), new Date(1_650_000_000_000L));
        }
        MailferryCli.Result second = cli.run(backup);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).containsIgnoringCase("uidvalidity");

        ImapSnapshot archive = ArchiveSnapshot.take(target);
        String retired = "Family [uidvalidity " + oldValidity + "]";
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(List.of(retired), before.inFolder("Family").stream()
                .map(m -> new ImapSnapshot.SnapshotMessage(retired, m.uid(), m.sha256(), m.size(), m.flags(),
                        m.keywords(), m.internalDate())).toList()),
                ImapSnapshot.of(List.of(retired), archive.inFolder(retired)))).isEmpty();
        ImapSnapshot now = ImapSnapshot.take(server, USER);
        assertThat(archive.inFolder("Family")).hasSize(1);
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(List.of("Family"), now.inFolder("Family")),
                ImapSnapshot.of(List.of("Family"), archive.inFolder("Family")))).isEmpty();
    }
}
