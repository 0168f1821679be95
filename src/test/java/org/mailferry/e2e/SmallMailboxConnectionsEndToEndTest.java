package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A small mailbox (a few dozen messages in several folders) is backed up, and checked again
 * unchanged, over one connection: with the default four, each folder logged in on its own (four
 * logins a run, each a TLS handshake and a server process), the fixed cost that dominated a fleet's
 * no-change rerun of many small accounts. Counted in the test Dovecot's log.
 */
class SmallMailboxConnectionsEndToEndTest {

    private static final String USER = TestImapServer.user(53);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void aSmallMailboxShouldBeBackedUpAndRecheckedOverOneConnection() throws Exception {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 53, "--messages", "40", "--megabytes", "1");
        ImapSnapshot source = ImapSnapshot.take(server, USER);
        assertThat(source.folders()).as("several folders").hasSizeGreaterThan(1);
        Path archive = work.resolve("maildir");
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", "maildir:" + archive,
                credentials(server, USER));
        MailferryCli cli = E2eSupport.cli(work);

        long before = logins();
        MailferryCli.Result first = cli.run(backup);
        long afterFirst = logins();
        MailferryCli.Result rerun = cli.run(backup);
        long afterRerun = logins();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take("maildir:" + archive))).isEmpty();
        assertThat(afterFirst - before).as("logins of the first backup").isEqualTo(1);
        assertThat(afterRerun - afterFirst).as("logins of the unchanged rerun").isEqualTo(1);
    }

    private long logins() throws IOException {
        String marker = "Login: user=<" + USER + ">";
        try (var lines = Files.lines(server.dovecotLog(), StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(marker)).count();
        }
    }
}
