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
 * SIGKILLs of a Gmail backup into Maildir at seeded moments, the label-link pass included (the
 * small chunks stretch the copy over a few seconds), each followed by the same command (issue
 * 18): the archive ends with every message once in All Mail, each label folder holding exactly
 * hard links to the messages that carry its label, and the label sidecar complete.
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
            int killed = 0;
            for (int i = 0; i < 3; i++) {
                MailferryCli.Running run = cli.start(backup);
                if (!run.awaitWhileRunning(() -> false, Duration.ofMillis(1500 + random.nextInt(3500))) && run.isAlive()) {
                    run.kill9();
                    killed++;
                }
            }
            assertThat(killed).as("runs killed").isPositive();

            MailferryCli.Result last = cli.run(backup);
            assertThat(last.exitCode()).as(last.toString()).isZero();
            Path allMail = archive.resolve(".[Gmail].All Mail");
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
