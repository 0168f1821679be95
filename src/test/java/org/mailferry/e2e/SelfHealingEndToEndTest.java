package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import jakarta.mail.Flags;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Reruns after a run that left its job database in a bad state (issue 18): each ends with the
 * archive equal to the server and says what it did about the earlier run.
 */
class SelfHealingEndToEndTest {

    private static final String USER = TestImapServer.user(55);
    private static final String OTHER = TestImapServer.user(59);
    private static final String RESTORED = TestImapServer.user(60);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    /** Whether USER holds the corpus as filled: only the tests that change the mailbox make the next one fill it again. */
    private static boolean pristine;

    @BeforeEach
    void fill() {
        if (pristine) {
            return;
        }
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 18, "--messages", "60", "--megabytes", "1");
        pristine = true;
    }

    @Test
    void rerunShouldConvergeWhenTheFailedRunsPlanLostAFolder() throws Exception {
        String target = "mbox:" + work.resolve("archive");
        String[] backup = backup(target);
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();
        try (JobDatabase db = new JobDatabase(work.resolve("state"))) {
            long last = db.lastExecution();
            db.markFailed(last, "folder:INBOX");
            db.dropPartitionContext(last, "folder:INBOX");
        }
        pristine = false; // the next test fills the mailbox again
        try (MailboxEditor editor = new MailboxEditor(server, USER)) {
            editor.append("INBOX", "arrived after the failed run", new Flags(), new Date(1_700_000_000_000L));
        }

        for (int run = 0; run < 2; run++) {
            MailferryCli.Result rerun = cli.run(backup);
            assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
            assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        }
    }

    @Test
    void resumedRunShouldMakeAPassOverTheFoldersTheFailedRunFinished() throws Exception {
        String target = "maildir:" + work.resolve("archive");
        String[] backup = backup(target);
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();
        try (JobDatabase db = new JobDatabase(work.resolve("state"))) {
            db.markFailed(db.lastExecution(), "folder:INBOX"); // Sent stays COMPLETED
        }
        pristine = false; // the next test fills the mailbox again
        try (MailboxEditor editor = new MailboxEditor(server, USER)) {
            editor.append("Sent", "sent after the failed run", new Flags(Flags.Flag.SEEN), new Date(1_700_000_000_000L));
            editor.expunge("Sent", 1);
            editor.flag("Sent", 2, new Flags(Flags.Flag.FLAGGED), true);
        }

        MailferryCli.Result resumed = cli.run(backup);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("resuming execution");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target)))
                .as(resumed.toString()).isEmpty();
    }

    @Test
    void backupShouldFetchAgainMessageFilesMissingOrShortInTheMaildirArchive() throws Exception {
        Path archive = work.resolve("archive");
        String target = "maildir:" + archive;
        String[] backup = backup(target);
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();
        List<Path> inbox = messageFiles(archive.resolve("cur"));
        Path shortened = messageFiles(archive.resolve(".Sent").resolve("cur")).get(0);
        Files.delete(inbox.get(0));
        Files.delete(inbox.get(1));
        Files.write(shortened, Arrays.copyOf(Files.readAllBytes(shortened), 100));
        long goneFromServer = uidOf(inbox.get(1));
        pristine = false; // the next test fills the mailbox again
        try (MailboxEditor editor = new MailboxEditor(server, USER)) {
            editor.expunge("INBOX", goneFromServer);
        }

        MailferryCli.Result repaired = cli.run(backup);
        assertThat(repaired.exitCode()).as(repaired.toString()).isEqualTo(3);
        assertThat(repaired.out()).contains("note: INBOX: re-fetched 1 damaged or missing messages; 1 of them are no"
                + " longer on the server", "note: Sent: re-fetched 1 damaged or missing messages",
                "skipped: INBOX: UID " + goneFromServer + ": lost");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        assertThat(archive.resolve(".Sent").resolve("mailferry-damaged").resolve(shortened.getFileName())).hasSize(100);

        MailferryCli.Result again = cli.run(backup);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("re-fetched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "zstd"})
    void backupShouldCutATruncatedMboxBackToItsLastIntactMessageAndFetchTheRestAgain(String compression) throws Exception {
        Path archive = work.resolve("archive");
        String target = "mbox:" + archive;
        String[] backup = compression.isEmpty() ? backup(target) : args(backup(target), "--compress", compression);
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();
        Path mbox = archive.resolve(compression.isEmpty() ? "INBOX.mbox" : "INBOX.mbox.zst");
        try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3000);
        }

        MailferryCli.Result repaired = cli.run(backup);
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("cut back to the last intact message");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        assertThat(archive.resolve(".mailferry-damaged")).isNotEmptyDirectory();
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
    }

    @Test
    void anArchiveShouldKnowWhatItIsAndSayWhenTheJobDatabaseWasLost() throws Exception {
        Path archive = work.resolve("archive");
        String[] backup = backup("maildir:" + archive);
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();

        MailferryCli.Result asMbox = cli.run(backup("mbox:" + archive));
        assertThat(asMbox.exitCode()).as(asMbox.toString()).isEqualTo(2);
        assertThat(asMbox.err()).contains("is a maildir archive, not mbox: name it maildir:" + archive);
        MailferryCli.Result restoreAsMbox = cli.run(args("restore", "--from", "mbox:" + archive, "--target",
                imaps(server, OTHER), credentials(server, OTHER)));
        assertThat(restoreAsMbox.exitCode()).as(restoreAsMbox.toString()).isEqualTo(2);
        MailferryCli.Result otherAccount = cli.run(args("backup", "--source", imaps(server, OTHER), "--to",
                "maildir:" + archive, credentials(server, OTHER)));
        assertThat(otherAccount.exitCode()).as(otherAccount.toString()).isEqualTo(2);
        assertThat(otherAccount.err()).contains("holds the backup of " + imaps(server, USER));

        MailferryCli.Result newState = E2eSupport.cli(work.resolve("new-state")).run(backup);
        assertThat(newState.exitCode()).as(newState.toString()).isZero();
        assertThat(newState.err()).containsOnlyOnce("the job database has no run of this backup");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take("maildir:" + archive))).isEmpty();
    }

    @Test
    void restoreShouldNoticeATargetEmptiedBehindItsLedgerAndResyncWhenAsked() throws Exception {
        String archive = "maildir:" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup(archive)).exitCode()).isZero();
        server.resetUser(RESTORED);
        String[] restore = args("restore", "--from", archive, "--target", imaps(server, RESTORED),
                credentials(server, RESTORED));
        assertThat(cli.run(restore).exitCode()).isZero();
        try (MailboxEditor editor = new MailboxEditor(server, RESTORED)) {
            editor.expunge("INBOX", 1);
            editor.expunge("INBOX", 2);
        }

        MailferryCli.Result noticed = cli.run(restore);
        assertThat(noticed.exitCode()).as(noticed.toString()).isZero();
        assertThat(noticed.out()).containsPattern("note: INBOX: INBOX holds \\d+ messages but \\d+ were delivered to it")
                .contains("--resync");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ImapSnapshot.take(server, RESTORED))).hasSize(2);

        MailferryCli.Result resynced = cli.run(args(restore, "--resync", "--json"));
        assertThat(resynced.exitCode()).as(resynced.toString()).isZero();
        assertThat(E2eSupport.totals(resynced.out()).path("copied").asLong()).isEqualTo(2);
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ImapSnapshot.take(server, RESTORED))).isEmpty();
        MailferryCli.Result after = cli.run(restore);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).doesNotContain("--resync");
    }

    @Test
    void aFailedMigrateRerunWithAnotherMapShouldApplyTheNewMappingAndSayWhatItKept() throws Exception {
        server.resetUser(RESTORED);
        MailferryCli cli = E2eSupport.cli(work);
        MailferryCli.Result first = cli.run(migrate("--map", "Sent=Old Sent", "--json"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        long firstCopied = E2eSupport.totals(first.out()).path("copied").asLong();
        try (JobDatabase db = new JobDatabase(work.resolve("state"))) {
            db.markFailed(db.lastExecution(), "folder:Sent"); // the other folders stay COMPLETED
        }

        MailferryCli.Result rerun = cli.run(migrate("--map", "Sent=New Sent", "--json"));
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.err()).contains("resuming execution");
        assertThat(rerun.out()).contains("the earlier run copied this folder to \\\"Old Sent\\\"; this command's"
                + " mapping sends it to \\\"New Sent\\\"");
        ImapSnapshot source = ImapSnapshot.take(server, USER);
        long sent = source.messages().stream().filter(m -> m.folder().equals("Sent")).count();
        assertThat(sent).isPositive();
        assertThat(E2eSupport.totals(rerun.out()).path("copied").asLong()).as("this execution's own copies")
                .isEqualTo(sent).isLessThan(firstCopied);
        ImapSnapshot target = ImapSnapshot.take(server, RESTORED);
        assertThat(ImapSnapshot.diff(source, target, ImapSnapshot.DiffOptions.DEFAULT
                .withFolderMapping(f -> f.equals("Sent") ? "New Sent" : f).ignoringFolders("Old Sent"))).isEmpty();
        assertThat(target.messages().stream().filter(m -> m.folder().equals("Old Sent")).count())
                .as("what the earlier run copied stays").isEqualTo(sent);

        MailferryCli.Result listed = cli.run("jobs", "list", "--json");
        assertThat(RunJobFiles.runs(listed.out())).extracting(RunJobFiles.Run::copied)
                .as("jobs list counts what each execution did").contains(firstCopied, sent);
    }

    private String[] migrate(String... more) {
        return args("migrate", "--source", imaps(server, USER), "--target", imaps(server, RESTORED),
                "--password-file", server.passwordFile(USER).toString(), "--target-password-file",
                server.passwordFile(RESTORED).toString(), "--trust-cert", server.cert().toString(), more);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void retentionShouldExpireFoldersGoneFromTheServerAndGenerationsSetAside(String format) throws Exception {
        String target = format + ":" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup(target)).exitCode()).isZero();
        pristine = false; // the next test fills the mailbox again
        try (MailboxEditor editor = new MailboxEditor(server, USER)) {
            editor.delete("Family");
            editor.recreate("Lists/dev"); // a new UIDVALIDITY: the old generation is set aside
            editor.append("Lists/dev", "the new generation", new Flags(), new Date(1_700_000_000_000L));
        }

        MailferryCli.Result expired = cli.run(backup(target));
        assertThat(expired.exitCode()).as(expired.toString()).isZero();
        assertThat(expired.err()).contains("retention: folder \"Family\" is no longer on the source",
                "is a generation set aside");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
    }

    private static List<Path> messageFiles(Path cur) throws IOException {
        try (Stream<Path> s = Files.list(cur)) {
            return s.sorted().toList();
        }
    }

    private static long uidOf(Path file) {
        Matcher m = Pattern.compile(",U=(\\d+)").matcher(file.getFileName().toString());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String[] backup(String target) {
        return args("backup", "--source", imaps(server, USER), "--to", target, "--keep-deleted-for", "0",
                credentials(server, USER));
    }
}
