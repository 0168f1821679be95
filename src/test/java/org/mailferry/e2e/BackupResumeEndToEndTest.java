package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A backup killed with SIGKILL in the middle, then the same command again: the archive ends up
 * with exactly the server's messages, none lost, none twice. Small: {@value #MESSAGES} messages of
 * realistic size (~20 KB) in chunks of {@value #CHUNK}, so each kill still has several chunks before and after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupResumeEndToEndTest {

    private static final String USER = TestImapServer.user(3);
    private static final long MESSAGES = 300;
    private static final int CHUNK = 10;
    private static final long[] KILL_AT = {60, 180};

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot source;

    @TempDir
    Path work;

    @BeforeAll
    void fillCorpus() {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 5, "--messages", String.valueOf(MESSAGES), "--megabytes", "6");
        source = ImapSnapshot.take(server, USER);
        assertThat(source.size()).isEqualTo(MESSAGES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void killedBackupShouldResumeWithoutLossOrDuplicates(String format) throws Exception {
        Path archive = work.resolve(format);
        String target = format + ":" + archive;
        String[] command = args("backup", "--source", imaps(server, USER), "--to", target, "--chunk-size", String.valueOf(CHUNK),
                "--connections", "2", credentials(server, USER));
        MailferryCli cli = E2eSupport.cli(work.resolve("cli-" + format));
        LongSupplier held = format.equals("maildir") ? () -> E2eSupport.maildirMessages(archive)
                : () -> E2eSupport.mboxIndexedMessages(archive);

        for (long killAt : KILL_AT) {
            MailferryCli.Running run = cli.start(command);
            boolean reached = run.awaitWhileRunning(() -> held.getAsLong() >= killAt, Duration.ofMinutes(3));
            if (!reached) {
                throw new AssertionError("backup ended before holding " + killAt + " messages: "
                        + run.await(Duration.ofMinutes(1)));
            }
            assertThat(run.isAlive()).as("still running when killed").isTrue();
            run.kill9();
        }
        long beforeResume = held.getAsLong();
        assertThat(beforeResume).isBetween(KILL_AT[1], MESSAGES - 1);

        MailferryCli.Result resumed = cli.run(command);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        java.util.regex.Matcher earlier = java.util.regex.Pattern.compile(
                "resumed: 2 earlier attempts of this run copied (\\d+) messages").matcher(resumed.out());
        assertThat(earlier.find()).as("the summary separates what the killed attempts copied: " + resumed.out()).isTrue();
        assertThat(Long.parseLong(earlier.group(1))).as("committed by the two killed attempts")
                .isBetween(KILL_AT[0] - 2 * CHUNK, beforeResume); // at most a chunk per connection uncommitted
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
        assertThat(held.getAsLong()).isEqualTo(MESSAGES);

        MailferryCli.Result again = cli.run(args(command, "--json"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(E2eSupport.totals(again.out()).path("copied").asLong()).isZero();
    }
}
