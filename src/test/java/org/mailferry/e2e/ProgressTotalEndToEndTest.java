package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.util.Date;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;

/**
 * The progress lines a backup prints on stderr carry the whole run's total from the first line
 * on: every selected folder's STATUS, less what the archive's manifest says it holds.
 */
class ProgressTotalEndToEndTest {

    private static final String USER = TestImapServer.user(24);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void firstProgressLineShouldCarryTheTotalOfAllFoldersWhenOneConnectionCopiesThemInTurn() throws Exception {
        server.resetUser(USER);
        TestImapServer.CorpusSummary corpus = server.fillCorpus(USER, "demo", 73);
        assertThat(corpus.messagesPerFolder()).as("several folders").hasSizeGreaterThan(1);
        String target = "maildir:" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);

        MailferryCli.Result first = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER), "--connections", "1"));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(firstProgressLine(first)).matches("progress: \\d+/" + corpus.messages() + " messages, .*");

        try (MailboxEditor mailbox = new MailboxEditor(server, USER)) {
            for (int i = 0; i < 3; i++) {
                mailbox.append("INBOX", "new " + i, new Flags(), new Date());
            }
        }
        MailferryCli.Result rerun = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER), "--connections", "1"));

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(firstProgressLine(rerun)).as("only what the archive does not hold yet")
                .matches("progress: \\d+/3 messages, .*");
    }

    private static String firstProgressLine(MailferryCli.Result r) {
        return r.err().lines().filter(l -> l.startsWith("progress: ")).findFirst().orElseThrow(
                () -> new AssertionError("no progress line in " + r));
    }
}
