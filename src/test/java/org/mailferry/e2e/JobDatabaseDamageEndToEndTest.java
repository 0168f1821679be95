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
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A damaged embedded job database (issue 18, item 7): the next backup works from the archive's
 * sync state, exits 0 and says in one warning line that the run history was lost.
 */
class JobDatabaseDamageEndToEndTest {

    private static final String USER = TestImapServer.user(67);

    private final TestImapServer server = TestImapServer.get();

    @org.junit.jupiter.api.io.TempDir
    Path work;

    @BeforeEach
    void fill() {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 7, "--messages", "30", "--megabytes", "1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overwritten", "truncated", "emptied", "deleted"})
    void backupShouldSayTheJobDatabaseWasDamagedAndWorkFromTheArchive(String damage) throws Exception {
        String target = "maildir:" + work.resolve("archive");
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", target, credentials(server, USER));
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();
        Path db = work.resolve("state").resolve("jobs").resolve("mailferry.mv.db");
        damage(db, damage);
        try (MailboxEditor editor = new MailboxEditor(server, USER)) {
            editor.append("INBOX", "arrived after the damage", new Flags(), new Date(1_700_000_000_000L));
        }

        MailferryCli.Result after = cli.run(backup);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.err()).as(after.toString()).doesNotContain("Exception", "\tat ");
        assertThat(after.err().lines().filter(l -> l.contains("WARN") || l.contains("warning"))
                .filter(l -> l.contains("job database")).count()).as(after.toString()).isEqualTo(1);
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        if (damage.equals("overwritten") || damage.equals("truncated")) {
            assertThat(after.err()).contains("moved aside to " + db + ".damaged-");
            try (Stream<Path> s = Files.list(db.getParent())) {
                assertThat(s.filter(p -> p.getFileName().toString().startsWith("mailferry.mv.db.damaged-"))).hasSize(1);
            }
        }

        MailferryCli.Result again = cli.run(backup);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.err()).doesNotContain("job database");
    }

    /**
     * A first backup SIGKILLed while it created the job database's tables leaves some of them: the
     * next backup completes them and works (it failed for good: "bad SQL grammar", CI of stop 22).
     */
    @Test
    void aJobDatabaseLeftHalfCreatedByAKillShouldBeCompletedByTheNextBackup() throws Exception {
        Path db = work.resolve("state").resolve("jobs").resolve("mailferry");
        Files.createDirectories(db.getParent());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + db);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE BATCH_JOB_INSTANCE (JOB_INSTANCE_ID BIGINT NOT NULL PRIMARY KEY, VERSION BIGINT,"
                    + " JOB_NAME VARCHAR(100) NOT NULL, JOB_KEY VARCHAR(32) NOT NULL,"
                    + " constraint JOB_INST_UN unique (JOB_NAME, JOB_KEY))"); // the first statement of Spring Batch's script
        }
        String target = "maildir:" + work.resolve("archive");

        MailferryCli.Result r = E2eSupport.cli(work).run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER)));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("backup complete");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
    }

    private static void damage(Path db, String how) throws IOException {
        long size = Files.size(db);
        switch (how) {
            case "overwritten" -> {
                try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
                    byte[] junk = new byte[8192];
                    java.util.Arrays.fill(junk, (byte) 0x5a);
                    // both store headers; bytes overwritten only in the middle H2 absorbs by falling back
                    // to an earlier chunk, whose history is then still there
                    for (long at = 0; at < size; at += size / 8) {
                        ch.write(java.nio.ByteBuffer.wrap(junk), at);
                    }
                }
            }
            case "truncated" -> {
                try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
                    ch.truncate(20_000); // cut to its headers alone, H2 starts empty: "no run of this backup"
                }
            }
            case "emptied" -> Files.write(db, new byte[0]);
            case "deleted" -> Files.delete(db);
            default -> throw new IllegalArgumentException(how);
        }
    }
}
