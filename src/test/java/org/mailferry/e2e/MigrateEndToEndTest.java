package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.FaultProxy;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * Mailbox to mailbox through the real CLI against the real Dovecot with two accounts: exact
 * copy, incremental reruns, mirror mode, SIGKILL and rerun, a proxy that cuts FETCHes and
 * APPENDs and throttles, and a batch of five accounts with one wrong password.
 */
class MigrateEndToEndTest {

    private static final String A = TestImapServer.user(1);
    private static final String B = TestImapServer.user(15);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    private String[] migrate(String source, String target, Object... more) {
        return args("migrate", "--source", source, "--target", target, "--json",
                "--password-file", server.passwordFile(userOf(source)).toString(),
                "--target-password-file", server.passwordFile(userOf(target)).toString(),
                "--trust-cert", server.cert().toString(), List.of(more).stream().map(String::valueOf).toList());
    }

    private static String userOf(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        return rest.substring(0, rest.lastIndexOf('@'));
    }

    @Test
    void migrationShouldCopyExactlyThenOnlyWhatIsNewAndMirrorDeletionsWhenAsked() throws Exception {
        server.resetUser(A);
        server.resetUser(B);
        server.fillCorpus(A, "nasty", 41, "--no-huge");
        MailferryCli cli = E2eSupport.cli(work);
        MailferryCli.Result first = cli.run(migrate(imaps(server, A), imaps(server, B)));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, A), ImapSnapshot.take(server, B))).isEmpty();

        ImapSnapshot before = ImapSnapshot.take(server, A);
        ImapSnapshot.SnapshotMessage deleted = before.inFolder("INBOX").get(2);
        long unflagged = before.inFolder("INBOX").stream().filter(m -> !m.flags().contains("\\Flagged")
                && m.uid() != deleted.uid()).findFirst().orElseThrow().uid();
        try (MailboxEditor edit = new MailboxEditor(server, A)) {
            edit.append("INBOX", "arrived later", new Flags(), new Date(1_710_000_000_000L));
            edit.append("Sent", "sent later", new Flags(Flags.Flag.SEEN), new Date(1_720_000_000_000L));
            edit.flag("INBOX", unflagged, new Flags(Flags.Flag.FLAGGED), true);
            edit.expunge("INBOX", deleted.uid());
        }
        MailferryCli.Result second = cli.run(migrate(imaps(server, A), imaps(server, B)));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode totals = E2eSupport.totals(second.out());
        assertThat(totals.path("copied").asLong()).isEqualTo(2);
        assertThat(totals.path("flagUpdates").asLong()).isEqualTo(1);
        assertThat(totals.path("deleted").asLong()).isZero();
        List<ImapSnapshot.SnapshotMessage> withDeleted = new ArrayList<>(ImapSnapshot.take(server, A).messages());
        withDeleted.add(deleted);
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(before.folders(), withDeleted), ImapSnapshot.take(server, B)))
                .as("without mirror mode the deleted message stays on the target").isEmpty();

        MailferryCli.Result mirror = cli.run(migrate(imaps(server, A), imaps(server, B), "--delete-extra-on-target"));
        assertThat(mirror.exitCode()).as(mirror.toString()).isZero();
        assertThat(E2eSupport.totals(mirror.out()).path("deleted").asLong()).isEqualTo(1);
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, A), ImapSnapshot.take(server, B))).isEmpty();
    }

    @Test
    void mapRulesShouldRenameFoldersInOrder() throws Exception {
        server.resetUser(A);
        server.resetUser(B);
        server.fillCorpus(A, "nasty", 42, "--no-huge");
        MailferryCli.Result r = E2eSupport.cli(work).run(migrate(imaps(server, A), imaps(server, B),
                "--folders", "Projects/*", "--map", "Projects/(.*)=Work/$1", "--map", "Work/2026/(.*)=Current/$1"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        ImapSnapshot a = ImapSnapshot.take(server, A);
        ImapSnapshot projects = ImapSnapshot.of(a.folders().stream().filter(f -> f.startsWith("Projects/")).toList(),
                a.messages().stream().filter(m -> m.folder().startsWith("Projects/")).toList());
        ImapSnapshot b = ImapSnapshot.take(server, B);
        assertThat(ImapSnapshot.diff(projects, b, ImapSnapshot.DiffOptions.DEFAULT.withFolderMapping(
                f -> f.replaceFirst("^Projects/", "Work/").replaceFirst("^Work/2026/", "Current/"))
                .allowingMissingEmptyFolders())).isEmpty();
    }

    @Test
    void killedMigrationShouldEndWithEveryMessageOnTheTargetExactlyOnce() throws Exception {
        server.resetUser(A);
        server.resetUser(B);
        // 300 messages over 10 folders in chunks of 20: several chunks before, between and after the kills
        server.fillCorpus(A, "bench", 43, "--messages", "300", "--megabytes", "8");
        ImapSnapshot source = ImapSnapshot.take(server, A);
        MailferryCli cli = E2eSupport.cli(work);
        String[] command = migrate(imaps(server, A), imaps(server, B), "--chunk-size", "20", "--connections", "2");
        for (long killAt : new long[] {100, 200}) {
            MailferryCli.Running run = cli.start(command);
            boolean reached = run.awaitWhileRunning(() -> count(B) >= killAt, Duration.ofMinutes(3));
            if (!reached) {
                throw new AssertionError("migration ended before " + killAt + ": " + run.await(Duration.ofMinutes(1)));
            }
            run.kill9();
        }
        MailferryCli.Result resumed = cli.run(command);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, B))).isEmpty();
    }

    @Test
    void cutFetchesCutAppendsAndThrottlingShouldStillGiveAnExactCopyAndBeReported() throws Exception {
        server.resetUser(A);
        server.resetUser(B);
        // enough that FETCH responses pass 100 KB more than twice and there are more than three APPENDs
        server.fillCorpus(A, "bench", 44, "--messages", "150", "--megabytes", "6");
        ImapSnapshot source = ImapSnapshot.take(server, A);
        try (FaultProxy from = new FaultProxy(server.host(), server.imapPort())
                .with(FaultProxy.cutResponse("UID FETCH .*BODY\\.PEEK\\[\\]", 100_000, 2));
             FaultProxy to = new FaultProxy(server.host(), server.imapPort())
                     .with(FaultProxy.cutResponse(" APPEND ", 0, 2))
                     .with(FaultProxy.answer(" APPEND ", "NO Request is throttled. Suggested Backoff Time: 200 milliseconds",
                             false, 1))) {
            MailferryCli.Result r = E2eSupport.cli(work).run(migrate(
                    "imap://" + A + "@127.0.0.1:" + from.port() + "?starttls=none",
                    "imap://" + B + "@127.0.0.1:" + to.port() + "?starttls=none", "--connections", "2", "--insecure"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(from.faults() + to.faults()).isEqualTo(5);
            assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, B)))
                    .as("an APPEND whose answer was lost is found on the target, not sent twice").isEmpty();
            JsonNode totals = E2eSupport.totals(r.out());
            assertThat(totals.path("reconnects").asLong()).isGreaterThanOrEqualTo(5);
            assertThat(totals.path("throttleWaits").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aBatchWithOneWrongPasswordShouldMigrateTheOthersAndSayPartial() throws Exception {
        String[] sources = {TestImapServer.user(27), TestImapServer.user(28), TestImapServer.user(29),
                TestImapServer.user(30), TestImapServer.user(31)};
        String[] targets = {TestImapServer.user(32), TestImapServer.user(33), TestImapServer.user(34),
                TestImapServer.user(15), TestImapServer.user(1)};
        Path wrong = work.resolve("wrong.pass");
        Files.writeString(wrong, "certainly-not-it\n");
        StringBuilder csv = new StringBuilder("source,source_secret,target,target_secret,exclude\n");
        for (int i = 0; i < sources.length; i++) {
            server.resetUser(sources[i]);
            server.resetUser(targets[i]);
            server.fillCorpus(sources[i], "demo", 50 + i, "--messages", "40"); // the batch is the point, not volume
            Path targetSecret = i == 3 ? wrong : server.passwordFile(targets[i]);
            csv.append(imaps(server, sources[i])).append(",file:").append(server.passwordFile(sources[i]))
                    .append(',').append(imaps(server, targets[i])).append(",file:").append(targetSecret)
                    .append(",Junk\n");
        }
        Path accounts = work.resolve("accounts.csv");
        Files.writeString(accounts, csv);
        MailferryCli.Result r = E2eSupport.cli(work).run(args("migrate", "--accounts", accounts.toString(),
                "--parallel", "3", "--json", "--trust-cert", server.cert().toString()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        JsonNode summary = Json.MAPPER.readTree(r.out());
        assertThat(summary.path("complete").asInt()).isEqualTo(4);
        assertThat(summary.path("failed").asInt()).isEqualTo(1);
        assertThat(summary.path("accounts").get(3).path("outcome").asString()).isEqualTo("failed");
        assertThat(summary.path("accounts").get(3).path("exitCode").asInt()).isEqualTo(10);
        assertThat(summary.path("accounts").get(3).path("error").asString()).contains("login refused");
        for (int i = 0; i < sources.length; i++) {
            if (i != 3) {
                assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, sources[i]), ImapSnapshot.take(server, targets[i])))
                        .as(sources[i] + " -> " + targets[i]).isEmpty();
            }
        }
    }

    private long count(String user) {
        try {
            return ImapSnapshot.countMessages(server, user);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
