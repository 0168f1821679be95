package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A seeded campaign of SIGKILLs at random moments (start-up, mid-chunk, retention, a UIDVALIDITY
 * change) of backups
 * (Maildir, mbox, compressed mbox), a restore and a migration, each followed by the same command:
 * the last run ends exact (message by message: bytes, flags, keywords, internal date), nothing
 * twice, and a further run copies nothing. Small on purpose: {@value #KILLS} kills per command.
 * The source is filled once per class: each backup case starts from a fresh archive, and its own
 * edits (an expunge, a recreated folder) still happen between its two campaigns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillCampaignEndToEndTest {

    private static final String SOURCE = TestImapServer.user(56);
    private static final String RESTORED = TestImapServer.user(57);
    private static final String MIGRATED = TestImapServer.user(58);
    private static final long SEED = 18;
    private static final int KILLS = 3;

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

        campaign(cli, backup, random);
        try (MailboxEditor editor = new MailboxEditor(server, SOURCE)) {
            editor.expunge("INBOX", expungeUid++); // retention has something to do in the next runs
            editor.recreate("Sent"); // a generation change: the old one set aside, then expired
            editor.append("Sent", "sent into the new generation", new jakarta.mail.Flags(), new java.util.Date());
        }
        campaign(cli, backup, random);

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
        campaign(cli, restore, random);
        assertExactAndIdempotent(cli, restore, source, () -> ImapSnapshot.take(server, RESTORED));

        String[] migrate = args("migrate", "--source", imaps(server, SOURCE), "--target", imaps(server, MIGRATED),
                "--chunk-size", "10", "--connections", "2", "--password-file", server.passwordFile(SOURCE),
                "--target-password-file", server.passwordFile(MIGRATED), "--trust-cert", server.cert());
        campaign(cli, migrate, random);
        assertExactAndIdempotent(cli, migrate, source, () -> ImapSnapshot.take(server, MIGRATED));
    }

    /** Starts the command {@value #KILLS} times, each killed after a random 0.2 to 3 s (or let finish). */
    private static void campaign(MailferryCli cli, String[] command, Random random) throws Exception {
        for (int i = 0; i < KILLS; i++) {
            long after = 200 + random.nextInt(2800);
            MailferryCli.Running run = cli.start(command);
            if (run.awaitWhileRunning(() -> false, Duration.ofMillis(after)) || !run.isAlive()) {
                assertThat(run.await(Duration.ofMinutes(1)).exitCode()).isZero();
                continue;
            }
            run.kill9();
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
