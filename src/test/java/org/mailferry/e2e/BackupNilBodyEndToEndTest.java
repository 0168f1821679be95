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

    @Test
    void aSkippedMessageShouldBeFetchedAgainByLaterRunsUntilItIsIn() throws Exception {
        byte[] one = "Subject: one\r\n\r\nfirst\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] two = "Subject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] three = "Subject: three\r\n\r\nthird\r\n".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(new ScriptedImapServer.Message(1, one.length, one),
                new ScriptedImapServer.Message(2, 1234, null), new ScriptedImapServer.Message(3, three.length, three)))) {
            Path archive = work.resolve("archive");
            MailferryCli cli = new MailferryCli(work, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString(),
                    "PW", "anything"));
            String[] backup = args("backup", "--source", "imap://tester@127.0.0.1:" + server.port() + "?starttls=none",
                    "--to", "maildir:" + archive, "--password-env", "PW", "--insecure");
            for (int run = 0; run < 2; run++) {
                MailferryCli.Result r = cli.run(backup);
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
                assertThat(r.out()).as("listed in every summary until it is in").contains("skipped: INBOX: UID 2");
            }

            server.messages(List.of(new ScriptedImapServer.Message(1, one.length, one),
                    new ScriptedImapServer.Message(2, two.length, two), new ScriptedImapServer.Message(3, three.length, three)));
            MailferryCli.Result in = cli.run(backup);
            assertThat(in.exitCode()).as(in.toString()).isZero();
            assertThat(in.out()).contains("re-fetched 1 damaged or missing messages").doesNotContain("skipped: ");
            try (Stream<Path> files = Files.list(archive.resolve("cur"))) {
                assertThat(files.filter(f -> f.getFileName().toString().contains(",U=2,")).toList())
                        .singleElement().satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(two));
            }
        }
    }
}
