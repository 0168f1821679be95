package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * Seeded campaigns of SIGKILLs of backups (Maildir, mbox, compressed mbox), a restore and a
 * migration, each followed by the same command: the last run ends exact (message by message:
 * bytes, flags, keywords, internal date), nothing twice, and a further run copies nothing. Each
 * campaign kills once during start-up (nothing written yet; not the migration's, which is the
 * restore's and the backup's), then where the target shows the run got to: mid-copy at seeded
 * message counts, polled in the target (a fresh archive or mailbox, chunks of 10). A backup's
 * first campaign is followed by a complete run, then an expunge and a recreated folder; its
 * second campaign kills just after the recreated folder's old generation was set aside for the
 * new UIDVALIDITY, before retention expired it. Retention itself (the expunged message and the
 * set-aside generation, {@code --keep-deleted-for 0}) is not a kill point: it runs in the runs after the kills. A kill point a
 * run ends before reaching fails the test. The source is filled once per class: each backup case
 * starts from a fresh archive, and its own edits still happen between its two campaigns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillCampaignEndToEndTest {

    private static final String SOURCE = TestImapServer.user(56);
    private static final String RESTORED = TestImapServer.user(57);
    private static final String MIGRATED = TestImapServer.user(58);
    private static final long SEED = 18;

    private final TestImapServer server = TestImapServer.get();
    /** INBOX's next UID to expunge: each backup case expunges a message still there. */
    private long expungeUid = 3;

    @TempDir
    Path work;

    @BeforeAll
    void fill() {
        server.resetUser(SOURCE);
        server.fillCorpus(SOURCE, "bench", 56, "--messages", "240", "--megabytes", "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox", "mbox-zstd"})
    void killedBackupsShouldEndExact(String format) throws Exception {
        String target = format.replace("-zstd", "") + ":" + work.resolve("archive");
        String[] backup = args("backup", "--source", imaps(server, SOURCE), "--to", target, "--chunk-size", "10",
                "--connections", "2", "--keep-deleted-for", "0", credentials(server, SOURCE),
                format.endsWith("zstd") ? new String[] {"--compress", "zstd"} : new String[0]);
        MailferryCli cli = E2eSupport.cli(work);
        Random random = new Random(SEED + format.hashCode());
        Path archive = work.resolve("archive");
        LongSupplier held = format.equals("maildir") ? () -> E2eSupport.maildirMessages(archive)
                : () -> E2eSupport.mboxIndexedMessages(archive);

        campaign(cli, backup, random, held, true);
        MailferryCli.Result complete = cli.run(backup); // the archive holds Sent's old generation to set aside
        assertThat(complete.exitCode()).as(complete.toString()).isZero();
        try (MailboxEditor editor = new MailboxEditor(server, SOURCE)) {
            editor.expunge("INBOX", expungeUid++); // retention has something to do in the next runs
            editor.recreate("Sent"); // a generation change: the old one set aside, then expired
            editor.append("Sent", "sent into the new generation", new jakarta.mail.Flags(), new java.util.Date());
        }
        // start-up was killed in the first campaign: here the kill that matters is after the set-aside
        MailferryCli.Running run = cli.start(backup);
        killWhen(run, () -> setAside(archive), "the old generation of Sent was set aside");

        assertExactAndIdempotent(cli, backup, ImapSnapshot.take(server, SOURCE), () -> ArchiveSnapshot.take(target));
    }

    @Test
    void killedRestoreAndMigrationShouldEndExact() throws Exception {
        server.resetUser(RESTORED);
        server.resetUser(MIGRATED);
        String archive = "maildir:" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);
        MailferryCli.Result backup = cli.run(args("backup", "--source", imaps(server, SOURCE), "--to", archive,
                credentials(server, SOURCE)));
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Random random = new Random(SEED);
        ImapSnapshot source = ImapSnapshot.take(server, SOURCE); // unchanged by restore and migration

        String[] restore = args("restore", "--from", archive, "--target", imaps(server, RESTORED), "--chunk-size", "10",
                credentials(server, RESTORED));
        campaign(cli, restore, random, () -> ImapSnapshot.countMessages(server, RESTORED), true);
        assertExactAndIdempotent(cli, restore, source, () -> ImapSnapshot.take(server, RESTORED));

        String[] migrate = args("migrate", "--source", imaps(server, SOURCE), "--target", imaps(server, MIGRATED),
                "--chunk-size", "10", "--connections", "2", "--password-file", server.passwordFile(SOURCE),
                "--target-password-file", server.passwordFile(MIGRATED), "--trust-cert", server.cert());
        campaign(cli, migrate, random, () -> ImapSnapshot.countMessages(server, MIGRATED), false);
        assertExactAndIdempotent(cli, migrate, source, () -> ImapSnapshot.take(server, MIGRATED));
    }

    /**
     * Kills the command once during start-up (if {@code startUp}: the migration's start-up is the
     * restore's and the backup's, already killed), then twice mid-copy: when the target, empty
     * before, holds a seeded count of the source's messages in the first half and then the third
     * quarter of the copy.
     */
    private void campaign(MailferryCli cli, String[] command, Random random, LongSupplier held, boolean startUp)
            throws Exception {
        long total = ImapSnapshot.countMessages(server, SOURCE); // fewer after a backup case's edits
        if (startUp) {
            killAtStartUp(cli, command, random, held);
        }
        long[] from = {20, total / 2};
        long[] span = {total / 2 - 40, total / 4}; // the second kill well before the end: counts lag behind
        for (int i = 0; i < from.length; i++) {
            long killAt = from[i] + random.nextInt((int) span[i]);
            MailferryCli.Running run = cli.start(command);
            killWhen(run, () -> held.getAsLong() >= killAt, "the target held " + killAt + " of " + total + " messages");
        }
    }

    /** Kills the command after a seeded 0.2 to 0.7 s: still starting, nothing written by it yet. */
    private static void killAtStartUp(MailferryCli cli, String[] command, Random random, LongSupplier held)
            throws Exception {
        long before = held.getAsLong();
        MailferryCli.Running run = cli.start(command);
        long after = 200 + random.nextInt(500);
        run.awaitWhileRunning(() -> false, Duration.ofMillis(after));
        killAlive(run, "start-up (" + after + " ms)");
        assertThat(held.getAsLong()).as("killed during start-up: nothing written yet").isEqualTo(before);
    }

    /** Kills the run as soon as {@code reached} holds; fails when the run ended before that. */
    private static void killWhen(MailferryCli.Running run, BooleanSupplier reached, String what) throws Exception {
        boolean held = run.awaitWhileRunning(reached, Duration.ofMinutes(3));
        killAlive(run, what);
        assertThat(held).as("reached within 3 minutes: " + what).isTrue();
    }

    /** SIGKILL; fails, with what the run said, when it had already ended. */
    private static void killAlive(MailferryCli.Running run, String what) throws Exception {
        if (!run.isAlive()) {
            throw new AssertionError("the run ended before it was killed at " + what + ": "
                    + run.await(Duration.ofMinutes(1)));
        }
        run.kill9();
    }

    /** Whether the archive holds a generation set aside after a UIDVALIDITY change. */
    private static boolean setAside(Path archive) {
        try (Stream<Path> s = Files.walk(archive)) {
            return s.anyMatch(p -> p.getFileName().toString().contains("[uidvalidity "));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // the tree changes under our feet while a backup runs
        }
    }

    /** The source is snapshotted once by the caller: no command here changes it. */
    private static void assertExactAndIdempotent(MailferryCli cli, String[] command, ImapSnapshot source,
            java.util.function.Supplier<ImapSnapshot> copy) throws Exception {
        MailferryCli.Result last = cli.run(command);
        assertThat(last.exitCode()).as(last.toString()).isZero();
        assertThat(ImapSnapshot.diff(source, copy.get())).isEmpty();
        MailferryCli.Result again = cli.run(args(command, "--json"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(E2eSupport.totals(again.out()).path("copied").asLong()).isZero();
        assertThat(ImapSnapshot.diff(source, copy.get())).isEmpty();
    }
}
