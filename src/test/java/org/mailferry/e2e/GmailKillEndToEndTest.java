package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.GmailEmulation;
import org.mailferry.testing.TestImapServer;

/**
 * SIGKILLs of a Gmail backup into Maildir, each followed by the same command (issue 18): one during
 * start-up (nothing written yet), then two mid-copy, when All Mail holds a seeded count of
 * messages (polled; chunks of 5, each linked into its label folders as it is written, so the kills
 * also cut the label links short). A kill point a run ends before reaching fails the test. The
 * archive ends with every message once in All Mail, each label folder holding exactly hard links
 * to the messages that carry its label, and the label sidecar complete.
 */
class GmailKillEndToEndTest {

    private static final String USER = TestImapServer.user(63);
    private static final int MESSAGES = 150;
    private static final List<String> LABELS = List.of("Work", "Travel", "Family");

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void killedGmailBackupsShouldEndWithEachLabelFolderExact() throws Exception {
        server.resetUser(USER);
        try (GmailEmulation gmail = new GmailEmulation(server, USER)) {
            List<byte[]> messages = new ArrayList<>();
            List<List<String>> labels = new ArrayList<>();
            Map<String, Integer> perLabel = new TreeMap<>();
            for (int n = 0; n < MESSAGES; n++) {
                messages.add(("From: a" + n + "@example.org\r\nSubject: m" + n + "\r\nMessage-ID: <k" + n
                        + "@example.org>\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
                List<String> these = n % 2 == 0 ? List.of(LABELS.get(n % 3)) // one or two labels
                        : List.of(LABELS.get(n % 3), LABELS.get((n + 1) % 3));
                labels.add(these);
                these.forEach(l -> perLabel.merge(l, 1, Integer::sum));
            }
            gmail.addMessages(messages, labels);
            Path archive = work.resolve("archive");
            String[] backup = args("backup", "--source", gmail.uri(), "--to", "maildir:" + archive, "--password-file",
                    server.passwordFile(USER).toString(), "--insecure", "--chunk-size", "5");
            MailferryCli cli = E2eSupport.cli(work);
            Random random = new Random(18);
            Path allMail = archive.resolve(".[Gmail].All Mail");
            MailferryCli.Running starting = cli.start(backup);
            long startUp = 200 + random.nextInt(500);
            starting.awaitWhileRunning(() -> false, Duration.ofMillis(startUp));
            killAlive(starting, "start-up (" + startUp + " ms)");
            assertThat(E2eSupport.maildirMessages(allMail)).as("killed during start-up: nothing written yet").isZero();
            for (long from : new long[] {30, 90}) { // mid-copy: seeded counts of All Mail, chunks of 5
                long killAt = from + random.nextInt(30);
                MailferryCli.Running run = cli.start(backup);
                boolean reached = run.awaitWhileRunning(() -> E2eSupport.maildirMessages(allMail) >= killAt,
                        Duration.ofMinutes(2));
                killAlive(run, "All Mail holding " + killAt + " messages");
                assertThat(reached).as("All Mail held " + killAt + " messages within 2 minutes").isTrue();
            }

            MailferryCli.Result last = cli.run(backup);
            assertThat(last.exitCode()).as(last.toString()).isZero();
            Set<Object> allMailInodes = inodes(allMail);
            assertThat(allMailInodes).as("every message once").hasSize(MESSAGES);
            for (Map.Entry<String, Integer> label : perLabel.entrySet()) {
                Set<Object> linked = inodes(archive.resolve("." + label.getKey()));
                assertThat(linked).as(label.getKey()).hasSize(label.getValue());
                assertThat(allMailInodes).as(label.getKey() + ": hard links to All Mail").containsAll(linked);
                assertThat(files(archive.resolve("." + label.getKey()))).as(label.getKey() + ": no link twice")
                        .isEqualTo(label.getValue().longValue());
            }
            assertThat(Files.readAllLines(allMail.resolve("mailferry-gmail.jsonl")).stream()
                    .filter(l -> l.contains("\"labels\"")).map(l -> l.replaceAll(".*\"uid\":(\\d+).*", "$1")).distinct())
                    .hasSize(MESSAGES);
            MailferryCli.Result again = cli.run(args(backup, "--json"));
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(E2eSupport.totals(again.out()).path("copied").asLong()).isZero();
        }
    }

    /** SIGKILL; fails, with what the run said, when it had already ended. */
    private static void killAlive(MailferryCli.Running run, String what) throws Exception {
        if (!run.isAlive()) {
            throw new AssertionError("the backup ended before it was killed at " + what + ": "
                    + run.await(Duration.ofMinutes(1)));
        }
        run.kill9();
    }

    private static Set<Object> inodes(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder.resolve("cur"))) {
            return s.map(p -> {
                try {
                    return Files.getAttribute(p, "unix:ino");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet());
        }
    }

    private static long files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder.resolve("cur"))) {
            return s.count();
        }
    }
}
