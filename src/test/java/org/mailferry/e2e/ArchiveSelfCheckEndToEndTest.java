package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * The archive's self-check when the archive's own records are what was damaged (issue 18): a
 * lost, cut or garbled checksum log or mbox index, an mbox damaged in the middle. Each rerun of
 * the backup ends with the archive equal to the server and says what it repaired.
 */
class ArchiveSelfCheckEndToEndTest {

    private static final String USER = TestImapServer.user(62);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @BeforeEach
    void fill() {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 18, "--messages", "60", "--megabytes", "1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "cut in half", "garbage line"})
    void backupShouldFetchAgainAFileDeletedWhenTheChecksumLogIsAlsoDamaged(String logDamage) throws Exception {
        Path archive = work.resolve("archive");
        String target = "maildir:" + archive;
        String[] backup = backup(target);
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(backup).exitCode()).isZero();
        Path log = archive.resolve("mailferry-checksums.jsonl");
        switch (logDamage) {
            case "deleted" -> Files.delete(log);
            case "cut in half" -> {
                try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    ch.truncate(ch.size() / 2);
                }
            }
            default -> Files.writeString(log, "{\"uid\":garbage\n", StandardOpenOption.APPEND);
        }
        Files.delete(fileOfUid(archive.resolve("cur"), 3)); // below the highest UID: only the log knew it

        MailferryCli.Result repaired = cli.run(backup);
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("note: INBOX: re-fetched 1 damaged or missing messages",
                "the folder is compared with the server");
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, USER), ArchiveSnapshot.take(target))).isEmpty();
        MailferryCli.Result verified = cli.run("verify", target);
        assertThat(verified.exitCode()).as("the log is whole again: " + verified).isZero();

        MailferryCli.Result again = cli.run(backup);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("compared with the server").doesNotContain("re-fetched");
    }

    private static Path fileOfUid(Path cur, long uid) throws IOException {
        try (Stream<Path> s = Files.list(cur)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().contains(",U=" + uid + ",")).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private String[] backup(String target) {
        return args("backup", "--source", imaps(server, USER), "--to", target, credentials(server, USER));
    }
}
