package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.FaultProxy;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import tools.jackson.databind.JsonNode;

/**
 * A backup through a proxy that cuts the connection in the middle of body FETCHes and answers
 * with Exchange's and Gmail's throttling texts: the run reconnects, waits, resumes and completes
 * with exactly the server's messages; the summary counts the reconnects and waits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupFaultsEndToEndTest {

    private static final String USER = TestImapServer.user(6);

    /** Which connection the server starts closing: the first is the listing's, opened ahead. */
    private static final int FIRST_REFUSED = 1;

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot source;

    @TempDir
    Path work;

    @BeforeAll
    void fill() {
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 9, "--messages", "200", "--megabytes", "10"); // 3 cuts of 150 KB need a few MB, not 40
        source = ImapSnapshot.take(server, USER);
    }

    @Test
    void droppedConnectionsAndThrottlingShouldBeRetriedUntilTheBackupIsComplete() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.host(), server.imapPort())
                .with(FaultProxy.cutResponse("UID FETCH .*BODY\\.PEEK\\[\\]", 150_000, 3))
                .with(FaultProxy.answer("UID FETCH .*RFC822\\.SIZE",
                        "NO Request is throttled. Suggested Backoff Time: 300 milliseconds", true, 1))
                .with(FaultProxy.answer("UID SEARCH", "NO [THROTTLED] Too many commands, slow down", false, 1))) {
            String target = "maildir:" + work.resolve("archive");
            MailferryCli.Result r = E2eSupport.cli(work).run(args("backup", "--source",
                    "imap://" + USER + "@127.0.0.1:" + proxy.port() + "?starttls=none", "--to", target, "--json",
                    "--password-file", server.passwordFile(USER).toString(), "--connections", "2", "--insecure"));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(proxy.faults()).isEqualTo(5);
            assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
            JsonNode totals = E2eSupport.totals(r.out());
            assertThat(totals.path("reconnects").asLong()).isGreaterThanOrEqualTo(4);
            assertThat(totals.path("throttleWaits").asLong()).isEqualTo(2);
        }
    }

    /** A server at its connection limit closes new connections before its greeting: tried again, nothing lost. */
    @Test
    void connectionsClosedAsTheyOpenShouldBeTriedAgainUntilTheBackupIsComplete() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.host(), server.imapPort()).refusingConnections(FIRST_REFUSED, 2)) {
            String target = "maildir:" + work.resolve("refused");
            MailferryCli.Result r = E2eSupport.cli(work.resolve("refused-cli")).run(args("backup", "--source",
                    "imap://" + USER + "@127.0.0.1:" + proxy.port() + "?starttls=none", "--to", target, "--json",
                    "--password-file", server.passwordFile(USER).toString(), "--connections", "3", "--insecure"));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(proxy.faults()).isEqualTo(2);
            assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
        }
    }

    @Test
    void aFolderTheServerRefusesShouldFailAloneAndBeResumedByTheNextRun() throws Exception {
        String victim = source.folders().stream().filter(f -> !f.equals("INBOX") && !source.inFolder(f).isEmpty())
                .findFirst().orElseThrow();
        String target = "mbox:" + work.resolve("partial");
        MailferryCli cli = E2eSupport.cli(work.resolve("partial-cli"));
        try (FaultProxy proxy = new FaultProxy(server.host(), server.imapPort())
                .with(FaultProxy.answer("EXAMINE \"?" + java.util.regex.Pattern.quote(victim),
                        "NO [NOPERM] Permission denied", false, 1))) {
            MailferryCli.Result r = cli.run(args("backup", "--source",
                    "imap://" + USER + "@127.0.0.1:" + proxy.port() + "?starttls=none", "--to", target, "--json",
                    "--password-file", server.passwordFile(USER).toString(), "--insecure"));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            JsonNode summary = org.mailferry.util.Json.MAPPER.readTree(r.out());
            assertThat(summary.path("outcome").asString()).isEqualTo("partial");
            assertThat(summary.path("totals").path("foldersFailed").asLong()).isEqualTo(1);
            assertThat(r.out()).contains("Permission denied");
            ImapSnapshot archived = ArchiveSnapshot.take(target);
            assertThat(archived.inFolder(victim)).isEmpty();
            assertThat(archived.size()).isEqualTo(source.size() - source.inFolder(victim).size());

            MailferryCli.Result again = cli.run(args("backup", "--source",
                    "imap://" + USER + "@127.0.0.1:" + proxy.port() + "?starttls=none", "--to", target, "--json",
                    "--password-file", server.passwordFile(USER).toString(), "--insecure"));
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
        }
    }
}
