package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ScriptedImapServer.Message;
import org.mailferry.testing.ScriptedImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * A server that answers NIL for a body (it happens, e.g. with damaged server-side storage): the
 * message is reported as skipped and the run ends partial; nothing empty is ever written.
 */
class BackupNilBodyEndToEndTest {

    @TempDir
    Path work;

    @Test
    void aBodyTheServerDoesNotSendShouldBeSkippedAndReportedNeverWrittenEmpty() throws Exception {
        byte[] one = "Subject: one\r\n\r\nfirst\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] three = "Subject: three\r\n\r\nthird\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(
                new ScriptedImapServer.Message(1, one.length, one),
                new ScriptedImapServer.Message(2, 1234, null),
                new ScriptedImapServer.Message(3, three.length, three)))) {
            Path archive = work.resolve("archive");
            MailferryCli cli = new MailferryCli(work, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString(),
                    "PW", "anything"));
            MailferryCli.Result r = cli.run(args("backup", "--source",
                    "imap://tester@127.0.0.1:" + server.port() + "?starttls=none", "--to", "maildir:" + archive,
                    "--password-env", "PW", "--json", "--insecure"));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            JsonNode summary = Json.MAPPER.readTree(r.out());
            assertThat(summary.path("totals").path("copied").asLong()).isEqualTo(2);
            assertThat(summary.path("totals").path("skipped").asLong()).isEqualTo(1);
            assertThat(r.out()).contains("UID 2").contains("no body");
            try (Stream<Path> files = Files.list(archive.resolve("cur"))) {
                List<Path> messages = files.toList();
                assertThat(messages).hasSize(2).allSatisfy(f -> assertThat(Files.size(f)).isPositive());
                assertThat(messages).noneMatch(f -> f.getFileName().toString().contains(",U=2,"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox", "mbox-zstd"})
    void aSkippedMessageShouldBeFetchedAgainByLaterRunsUntilItIsIn(String format) throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(withNilBody())) {
            String target = target(format);
            MailferryCli cli = cli();
            String[] backup = backup(server, format, target);
            for (int run = 0; run < 2; run++) {
                MailferryCli.Result r = cli.run(args(backup, "--json"));
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
                assertThat(Json.MAPPER.readTree(r.out()).path("folders").get(0).path("skippedMessages").get(0).asText())
                        .as("listed with its UID in every summary until it is in").startsWith("UID 2: ").contains("no body");
            }

            server.messages(List.of(Message.of(1, ONE), Message.of(2, TWO), Message.of(3, THREE)));
            MailferryCli.Result in = cli.run(backup);
            assertThat(in.exitCode()).as(in.toString()).isZero();
            assertThat(in.out()).contains("tried again 1 messages skipped by earlier runs: 1 read from the source")
                    .doesNotContain("skipped: ");
            assertThat(ArchiveSnapshot.take(target).messages()).extracting(m -> m.uid() + ":" + m.sha256())
                    .containsExactly("1:" + sha256(ONE), "2:" + sha256(TWO), "3:" + sha256(THREE));
            MailferryCli.Result verified = cli.run("verify", target);
            assertThat(verified.exitCode()).as(verified.toString()).isZero();
            MailferryCli.Result again = cli.run(backup);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).doesNotContain("tried again");
        }
    }

    @Test
    void aMessageSkippedThreeTimesShouldBeGivenUpButStillListed() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(withNilBody())) {
            String target = target("mbox");
            MailferryCli cli = cli();
            String[] backup = backup(server, "mbox", target);
            for (int run = 1; run <= 3; run++) {
                MailferryCli.Result r = cli.run(backup);
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
                assertThat(r.out()).contains("skipped: INBOX: UID 2: ");
                if (run > 1) {
                    assertThat(r.out()).contains("(attempt " + run + " of 3");
                }
            }
            int fetchesBefore = bodyFetchesOf2(server);
            assertThat(fetchesBefore).as("fetched by UID in runs 2 and 3").isPositive();
            server.messages(List.of(Message.of(1, ONE), Message.of(2, TWO), Message.of(3, THREE)));
            MailferryCli.Result givenUp = cli.run(backup);
            assertThat(givenUp.exitCode()).as(givenUp.toString()).isEqualTo(3);
            assertThat(givenUp.out()).contains("skipped: INBOX: UID 2: ").contains("given up after 3 attempts");
            assertThat(bodyFetchesOf2(server)).as("no longer fetched").isEqualTo(fetchesBefore);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void aFetchAnsweredNoForOneMessageShouldSkipItAloneAndFetchItOnceTheServerServesIt(String format) throws Exception {
        String big = "Subject: big\r\n\r\n" + "0123456789abcdef\r\n".repeat(150_000); // 2.7 MB: fetched in ranges
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(Message.of(1, ONE), Message.of(2, TWO),
                Message.of(3, THREE), Message.of(4, big)))) {
            server.refuseBodyOf(format.equals("mbox") ? 4 : 2); // mbox: the large one, refused in its ranged fetch
            long refusedUid = format.equals("mbox") ? 4 : 2;
            String target = target(format);
            MailferryCli cli = cli();
            String[] backup = backup(server, format, target);

            MailferryCli.Result refused = cli.run(args(backup, "--json"));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            JsonNode folder = Json.MAPPER.readTree(refused.out()).path("folders").get(0);
            assertThat(folder.path("status").asText()).as("the folder goes on without it").isEqualTo("completed");
            assertThat(folder.path("copied").asLong()).isEqualTo(3);
            assertThat(folder.path("skippedMessages").get(0).asText()).startsWith("UID " + refusedUid + ": ")
                    .contains("refused");
            assertThat(ArchiveSnapshot.take(target).messages()).extracting(m -> m.uid())
                    .hasSize(3).doesNotContain(refusedUid);

            server.refuseBodyOf(-1);
            MailferryCli.Result in = cli.run(backup);
            assertThat(in.exitCode()).as(in.toString()).isZero();
            assertThat(ArchiveSnapshot.take(target).messages()).extracting(m -> m.uid() + ":" + m.sha256())
                    .containsExactly("1:" + sha256(ONE), "2:" + sha256(TWO), "3:" + sha256(THREE), "4:" + sha256(big));
        }
    }

    private static final String ONE = "Subject: one\r\n\r\nfirst\r\n";
    private static final String TWO = "Subject: two\r\n\r\nsecond\r\n";
    private static final String THREE = "Subject: three\r\n\r\nthird\r\n";

    private static List<Message> withNilBody() {
        return List.of(Message.of(1, ONE), new Message(2, 1234, null), Message.of(3, THREE));
    }

    private static int bodyFetchesOf2(ScriptedImapServer server) {
        return (int) server.received().stream().filter(c -> c.contains("FETCH 2 ") && c.contains("BODY")).count();
    }

    private static String sha256(String text) throws java.io.IOException {
        return org.mailferry.archive.Sha256.of(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private MailferryCli cli() {
        return new MailferryCli(work, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString(), "PW", "anything"));
    }

    private String target(String format) {
        return (format.startsWith("mbox") ? "mbox:" : "maildir:") + work.resolve("archive");
    }

    private static String[] backup(ScriptedImapServer server, String format, String target) {
        return args("backup", "--source", "imap://tester@127.0.0.1:" + server.port() + "?starttls=none",
                "--to", target, "--password-env", "PW", "--insecure",
                format.endsWith("zstd") ? List.of("--compress", "zstd") : List.of());
    }
}
