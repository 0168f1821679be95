package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A compressed mbox backup killed with SIGKILL twice, then run again: the archive verifies, holds
 * every server message exactly once, and {@code zstd -dc} still turns it into an mbox that Python
 * reads with the right count. Small: {@value #MESSAGES} messages of realistic size (~20 KB) in chunks of
 * {@value #CHUNK}, so each kill still has several chunks before and after it.
 * <p>
 * NEEDS WIRING: {@code backup --compress} and the {@code verify} subcommand (issue-6 report).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressResumeEndToEndTest {

    private static final String USER = TestImapServer.user(11);
    private static final long MESSAGES = 240;
    private static final int CHUNK = 10;
    private static final long[] KILL_AT = {50, 150};

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot source;

    @TempDir
    Path work;

    @BeforeAll
    void fillCorpus() {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 6, "--messages", String.valueOf(MESSAGES), "--megabytes", "5");
        source = ImapSnapshot.take(server, USER);
        assertThat(source.size()).isEqualTo(MESSAGES);
    }

    @Test
    void killedCompressedBackupShouldResumeVerifyAndStayReadableByZstd() throws Exception {
        Path archive = work.resolve("mbox");
        String target = "mbox:" + archive;
        String[] command = args("backup", "--source", imaps(server, USER), "--to", target, "--compress", "zstd",
                "--chunk-size", String.valueOf(CHUNK), "--connections", "2", credentials(server, USER));
        MailferryCli cli = E2eSupport.cli(work.resolve("cli"));

        for (long killAt : KILL_AT) {
            MailferryCli.Running run = cli.start(command);
            boolean reached = run.awaitWhileRunning(() -> E2eSupport.mboxIndexedMessages(archive) >= killAt,
                    Duration.ofMinutes(3));
            if (!reached) {
                throw new AssertionError("backup ended before holding " + killAt + " messages: "
                        + run.await(Duration.ofMinutes(1)));
            }
            run.kill9();
        }
        assertThat(E2eSupport.mboxIndexedMessages(archive)).isBetween(KILL_AT[1], MESSAGES - 1);

        MailferryCli.Result resumed = cli.run(command);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
        assertThat(E2eSupport.mboxIndexedMessages(archive)).isEqualTo(MESSAGES);

        MailferryCli.Result verify = cli.run("verify", target);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        Process p = new ProcessBuilder("sh", "-c", "zstd -dc \"$0\" > \"$0.plain\" && python3 -c "
                + "'import mailbox,sys; print(len(mailbox.mbox(sys.argv[1])))' \"$0.plain\"",
                archive.resolve("INBOX.mbox.zst").toString()).redirectErrorStream(true).start();
        String count = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(count).isZero();
        assertThat(Long.parseLong(count)).isEqualTo(source.countsPerFolder().get("INBOX"));
    }
}
