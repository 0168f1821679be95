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
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A rerun's summary says how many messages the archive holds ("held"), next to what the run
 * copied; the JSON keeps {@code alreadyPresent} and adds {@code held}.
 */
class RerunSummaryEndToEndTest {

    private static final String USER = TestImapServer.user(25);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void rerunShouldReportWhatTheMboxArchiveHoldsBesideWhatItCopied() throws Exception {
        server.resetUser(USER);
        TestImapServer.CorpusSummary corpus = server.fillCorpus(USER, "demo", 74);
        long inbox = corpus.messagesPerFolder().get("INBOX");
        String target = "mbox:" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);
        MailferryCli.Result first = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER)));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        try (MailboxEditor mailbox = new MailboxEditor(server, USER)) {
            mailbox.append("INBOX", "one more", new Flags(), new Date());
            mailbox.append("INBOX", "and another", new Flags(), new Date());
        }

        MailferryCli.Result json = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER), "--json"));
        MailferryCli.Result table = cli.run(args("backup", "--source", imaps(server, USER), "--to", target,
                credentials(server, USER)));

        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode totals = E2eSupport.totals(json.out());
        assertThat(totals.path("copied").asLong()).isEqualTo(2);
        assertThat(totals.path("held").asLong()).isEqualTo(corpus.messages() + 2);
        assertThat(totals.has("alreadyPresent")).as("the old key stays").isTrue();
        JsonNode inboxRow = null;
        for (JsonNode f : Json.MAPPER.readTree(json.out()).path("folders")) {
            if (f.path("folder").asString().equals("INBOX")) {
                inboxRow = f;
            }
        }
        assertThat(inboxRow).as(json.out()).isNotNull();
        assertThat(inboxRow.path("held").asLong()).isEqualTo(inbox + 2);

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).containsPattern("folder\\s+copied\\s+held\\s+skipped")
                .doesNotContain("present");
        assertThat(table.out()).containsPattern("(?m)^INBOX\\s+0\\s+" + (inbox + 2) + "\\s")
                .containsPattern("(?m)^total\\s+0\\s+" + (corpus.messages() + 2) + "\\s");
    }
}
