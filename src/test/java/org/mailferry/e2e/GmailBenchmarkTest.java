package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.GmailEmulation;
import org.mailferry.testing.TestImapServer;

/**
 * The Gmail benchmark ({@code scripts/bench-gmail.sh}; skipped in the suite): a mailbox of
 * {@code MAILFERRY_BENCH_GMAIL_MESSAGES} (2,000) messages carrying 3 labels each, in the
 * X-GM-EXT-1 emulation; a plain backup (every folder, as any IMAP tool sees Gmail) against the
 * label-aware one, to Maildir: bytes downloaded (the summary's bytes) and bytes stored (distinct
 * files, hard links counted once).
 */
@EnabledIfEnvironmentVariable(named = "MAILFERRY_BENCH_GMAIL", matches = "1")
class GmailBenchmarkTest {

    private static final String USER = TestImapServer.user(44);
    private static final List<String> LABELS = List.of("\\Inbox", "Work", "Family", "Travel", "Receipts", "Later");

    @TempDir
    Path work;

    @Test
    void labelsOnceShouldDownloadAndStoreEachMessageOnce() throws Exception {
        TestImapServer server = TestImapServer.get();
        int n = Integer.parseInt(System.getenv().getOrDefault("MAILFERRY_BENCH_GMAIL_MESSAGES", "2000"));
        server.resetUser(USER);
        Random random = new Random(42);
        List<byte[]> messages = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder body = new StringBuilder();
            int lines = 20 + random.nextInt(200);
            for (int l = 0; l < lines; l++) {
                body.append("line ").append(l).append(" of message ").append(i).append(" ").append(Long.toHexString(random.nextLong())).append("\r\n");
            }
            messages.add(("From: a" + i + "@example.org\r\nSubject: bench " + i + "\r\nMessage-ID: <bench" + i
                    + "@example.org>\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            List<String> pool = new ArrayList<>(LABELS);
            java.util.Collections.shuffle(pool, random);
            labels.add(pool.subList(0, 3));
        }
        try (GmailEmulation gmail = new GmailEmulation(server, USER)) {
            gmail.addMessages(messages, labels);
            long t0 = System.nanoTime();
            MailferryCli.Result plain = E2eSupport.cli(work.resolve("s1")).run(args("backup", "--source",
                    E2eSupport.imaps(server, USER), "--to", "maildir:" + work.resolve("plain"), "--json",
                    E2eSupport.credentials(server, USER)));
            long t1 = System.nanoTime();
            MailferryCli.Result once = E2eSupport.cli(work.resolve("s2")).run(args("backup", "--source", gmail.uri(),
                    "--to", "maildir:" + work.resolve("labels"), "--json", "--insecure", "--password-file",
                    server.passwordFile(USER).toString()));
            long t2 = System.nanoTime();
            assertThat(plain.exitCode()).as(plain.toString()).isZero();
            assertThat(once.exitCode()).as(once.toString()).isZero();
            long plainBytes = E2eSupport.totals(plain.out()).path("bytes").asLong();
            long onceBytes = E2eSupport.totals(once.out()).path("bytes").asLong();
            System.out.printf("gmail-bench: %d messages x 3 labels%n", n);
            System.out.printf("gmail-bench: plain backup   downloaded %,d bytes (%d messages), stored %,d bytes, %.1f s%n",
                    plainBytes, E2eSupport.totals(plain.out()).path("copied").asLong(), stored(work.resolve("plain")),
                    (t1 - t0) / 1e9);
            System.out.printf("gmail-bench: labels once    downloaded %,d bytes (%d messages), stored %,d bytes, %.1f s%n",
                    onceBytes, E2eSupport.totals(once.out()).path("copied").asLong(), stored(work.resolve("labels")),
                    (t2 - t1) / 1e9);
            assertThat(onceBytes * 3).isLessThan(plainBytes);
        }
    }

    /** Bytes of the distinct message files (a hard-linked file once). */
    private static long stored(Path root) throws Exception {
        Set<Object> seen = new HashSet<>();
        long total = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String parent = p.getParent().getFileName().toString();
                if ((parent.equals("cur") || parent.equals("new")) && seen.add(Files.getAttribute(p, "unix:ino"))) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }
}
