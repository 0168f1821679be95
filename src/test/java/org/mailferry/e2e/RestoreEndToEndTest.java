package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import tools.jackson.databind.JsonNode;

/**
 * Restore through the real CLI against the real Dovecot: account A (the nasty corpus, with the
 * 53 MB message; its first restore in a child JVM with a 256 MB heap) backed up to Maildir and mbox, restored into an empty account
 * B, and B compared with A message by message; reruns append nothing; a kill in the middle
 * leaves no duplicate; a target with a size limit rejects only what it must.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreEndToEndTest {

    private static final String SOURCE = TestImapServer.user(12);
    private static final String TARGET = TestImapServer.user(13);

    private final TestImapServer server = TestImapServer.get();
    private ImapSnapshot original;

    @TempDir
    static Path work;

    @BeforeAll
    void backUpTheNastyCorpus() throws Exception {
        server.resetUser(SOURCE);
        server.fillCorpus(SOURCE, "nasty", 21);
        original = ImapSnapshot.take(server, SOURCE);
        for (String format : List.of("maildir", "mbox")) {
            MailferryCli.Result r = E2eSupport.cli(work.resolve("backup-" + format)).run(args("backup", "--source",
                    imaps(server, SOURCE), "--to", format + ":" + work.resolve(format), credentials(server, SOURCE)));
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }

    private MailferryCli.Result restore(MailferryCli cli, String format, String target, String... more)
            throws Exception {
        return cli.run(args("restore", "--from", format + ":" + work.resolve(format), "--target",
                imaps(server, target), "--json", credentials(server, target), more));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void restoreIntoAnEmptyAccountShouldReproduceItMessageByMessageAndARerunAppendNothing(String format)
            throws Exception {
        server.resetUser(TARGET);
        MailferryCli cli = E2eSupport.cli(work.resolve("restore-" + format));
        MailferryCli.Result r = restore(cli.inChildJvm(), format, TARGET);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(ImapSnapshot.diff(original, ImapSnapshot.take(server, TARGET))).isEmpty();

        MailferryCli.Result again = restore(cli, format, TARGET);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(E2eSupport.totals(again.out()).path("copied").asLong()).isZero();
        assertThat(ImapSnapshot.diff(original, ImapSnapshot.take(server, TARGET))).isEmpty();

        MailferryCli.Result freshState = E2eSupport.cli(work.resolve("restore-new-state-" + format)).run(args(
                "restore", "--from", format + ":" + work.resolve(format), "--target", imaps(server, TARGET), "--json",
                credentials(server, TARGET)));
        assertThat(freshState.exitCode()).as(freshState.toString()).isZero();
        assertThat(E2eSupport.totals(freshState.out()).path("copied").asLong())
                .as("without the job database the target is matched by Message-ID/size or SHA-256").isZero();
        assertThat(ImapSnapshot.diff(original, ImapSnapshot.take(server, TARGET))).isEmpty();
    }

    @Test
    void killedRestoreShouldLeaveEveryMessageOnTheTargetExactlyOnce() throws Exception {
        String source = TestImapServer.user(14);
        server.resetUser(source);
        // 300 messages over 10 folders in chunks of 20: several chunks before, between and after the kills
        server.fillCorpus(source, "bench", 31, "--messages", "300", "--megabytes", "8");
        ImapSnapshot bench = ImapSnapshot.take(server, source);
        Path archive = work.resolve("bench-maildir");
        assertThat(E2eSupport.cli(work.resolve("bench-backup")).run(args("backup", "--source", imaps(server, source),
                "--to", "maildir:" + archive, credentials(server, source))).exitCode()).isZero();

        server.resetUser(TARGET);
        MailferryCli cli = E2eSupport.cli(work.resolve("restore-killed"));
        String[] command = args("restore", "--from", "maildir:" + archive, "--target", imaps(server, TARGET),
                "--chunk-size", "20", "--connections", "2", credentials(server, TARGET));
        for (long killAt : new long[] {100, 200}) {
            MailferryCli.Running run = cli.start(command);
            boolean reached = run.awaitWhileRunning(() -> messagesOn(TARGET) >= killAt, Duration.ofMinutes(3));
            if (!reached) {
                throw new AssertionError("restore ended before " + killAt + " messages: " + run.await(Duration.ofMinutes(1)));
            }
            run.kill9();
        }
        MailferryCli.Result resumed = cli.run(args(command, "--json"));
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(ImapSnapshot.diff(bench, ImapSnapshot.take(server, TARGET))).isEmpty();
        MailferryCli.Result again = cli.run(args(command, "--json"));
        assertThat(E2eSupport.totals(again.out()).path("copied").asLong()).isZero();
    }

    private long messagesOn(String user) {
        try {
            return ImapSnapshot.countMessages(server, user);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Test
    void aTargetWithASizeLimitShouldRejectOnlyTheLargeMessagesAndSayPartial() throws Exception {
        String small = TestImapServer.SMALL_USER_2;
        server.resetUser(small);
        MailferryCli.Result r = restore(E2eSupport.cli(work.resolve("restore-small")), "maildir", small);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        JsonNode summary = org.mailferry.util.Json.MAPPER.readTree(r.out());
        assertThat(summary.path("outcome").asString()).isEqualTo("partial");
        long big = original.messages().stream().filter(m -> m.size() > TestImapServer.SMALL_USER_LIMIT).count();
        assertThat(summary.path("totals").path("skipped").asLong()).isEqualTo(big);
        assertThat(r.out()).contains("refused");
        ImapSnapshot restored = ImapSnapshot.take(server, small);
        List<ImapSnapshot.SnapshotMessage> expected = original.messages().stream()
                .filter(m -> m.size() <= TestImapServer.SMALL_USER_LIMIT).toList();
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(original.folders(), expected), restored)).isEmpty();
    }

    @Test
    void restoreIntoADotSeparatorServerShouldKeepTheHierarchy() throws Exception {
        String dotted = TestImapServer.SEPDOT_USER_3;
        server.resetUser(dotted);
        // the hierarchy is the point here, not the 53 MB message (restored whole by the test above)
        long limit = 50_000_000;
        MailferryCli.Result r = restore(E2eSupport.cli(work.resolve("restore-dot")), "mbox", dotted,
                "--smaller-than", String.valueOf(limit));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<ImapSnapshot.SnapshotMessage> expected = original.messages().stream().filter(m -> m.size() < limit).toList();
        assertThat(expected).as("only the huge message is left out").hasSize(original.size() - 1);
        assertThat(ImapSnapshot.diff(ImapSnapshot.of(original.folders(), expected), ImapSnapshot.take(server, dotted)))
                .isEmpty();
    }

    @Test
    void intoAPrefixAndDryRunShouldDoWhatTheySay() throws Exception {
        server.resetUser(TARGET);
        MailferryCli cli = E2eSupport.cli(work.resolve("restore-into"));
        MailferryCli.Result plan = cli.run(args("restore", "--from", "maildir:" + work.resolve("maildir"), "--target",
                imaps(server, TARGET), "--into", "Restored/2026-11-25", "--folders", "Projects/*", "--dry-run",
                credentials(server, TARGET)));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("Restored/2026-11-25/Projects").contains("dry run");
        for (String f : original.folders().stream().filter(f -> f.startsWith("Projects/")).toList()) {
            List<ImapSnapshot.SnapshotMessage> held = original.messages().stream().filter(m -> m.folder().equals(f)).toList();
            String mb = String.format(java.util.Locale.ROOT, "%.1f", held.stream().mapToLong(ImapSnapshot.SnapshotMessage::size)
                    .sum() / 1e6);
            assertThat(plan.out()).as("the plan counts what the archive really holds")
                    .containsPattern("(?m)^" + java.util.regex.Pattern.quote(f) + "\\s+Restored/2026-11-25/"
                            + java.util.regex.Pattern.quote(f) + " \\(new\\)\\s+" + held.size() + "\\s+"
                            + java.util.regex.Pattern.quote(mb) + "$");
        }
        assertThat(ImapSnapshot.take(server, TARGET).folders()).noneMatch(f -> f.startsWith("Restored"));

        MailferryCli.Result r = cli.run(args("restore", "--from", "maildir:" + work.resolve("maildir"), "--target",
                imaps(server, TARGET), "--into", "Restored/2026-11-25", "--folders", "Projects/*",
                credentials(server, TARGET)));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        ImapSnapshot projects = ImapSnapshot.of(
                original.folders().stream().filter(f -> f.startsWith("Projects/")).toList(),
                original.messages().stream().filter(m -> m.folder().startsWith("Projects/")).toList());
        ImapSnapshot restored = ImapSnapshot.take(server, TARGET);
        assertThat(ImapSnapshot.diff(projects, ImapSnapshot.of(
                restored.folders().stream().filter(f -> f.startsWith("Restored/")).toList(),
                restored.messages().stream().filter(m -> m.folder().startsWith("Restored/")).toList()),
                ImapSnapshot.DiffOptions.DEFAULT.withFolderMapping(f -> "Restored/2026-11-25/" + f))).isEmpty();
    }
}
