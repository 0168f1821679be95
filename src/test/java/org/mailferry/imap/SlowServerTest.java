package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.auth.PasswordCredentials;
import org.mailferry.auth.Secret;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.StoreUri;
import org.mailferry.store.TargetLedger;
import org.mailferry.testing.FixedSecret;
import org.mailferry.testing.ScriptedImapServer.Message;
import org.mailferry.testing.ScriptedImapServer;

/**
 * A server that keeps sending, but a byte at a time (issue 12, item 7): the read timeout never
 * fires, so only the minimum transfer rate notices. The connection is dropped, the reader
 * reconnects and gets every message with its exact bytes. The rate window is shortened here
 * (1 KiB/s over 1 s); the default is 1 KiB/s over 30 s.
 */
class SlowServerTest {

    @TempDir
    Path spool;

    @Test
    void aServerSilentInTheMiddleOfAnAnswerShouldBeDroppedAfterTheStallWindowNotTheReadTimeout() throws Exception {
        List<Message> messages = List.of(Message.of(1, "Subject: one\r\n\r\n" + "x".repeat(4000) + "\r\n"),
                Message.of(2, "Subject: two\r\n\r\nsecond\r\n"));
        try (ScriptedImapServer server = new ScriptedImapServer(messages)) {
            server.stallFirstConnections(1);
            // silent for 60 s before an answer would be a working server; 2 s in the middle of one is a stall
            ImapTuning tuning = ImapTuning.DEFAULT.withReadTimeout(Duration.ofSeconds(60))
                    .withBackoff(new Backoff(4, Duration.ofMillis(10), Duration.ofMillis(100)))
                    .withMinimumRate(1024, Duration.ofSeconds(2));
            long start = System.nanoTime();
            List<String> read = readAll(server, tuning);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(read).containsExactly("1 Subject: one\r\n\r\n" + "x".repeat(4000) + "\r\n",
                    "2 Subject: two\r\n\r\nsecond\r\n");
            assertThat(server.connections()).isGreaterThan(1);
            assertThat(took).as("dropped after the 2 s stall window, long before the 60 s read timeout")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    private List<String> readAll(ScriptedImapServer server, ImapTuning tuning) throws Exception {
        Secret password = new FixedSecret("anything");
        ImapEndpoint endpoint = new ImapEndpoint(
                StoreUri.parse("imap://tester@127.0.0.1:" + server.port() + "?starttls=none"),
                new PasswordCredentials("tester", password), new TlsSettings(List.of(), true), tuning);
        List<String> read = new ArrayList<>();
        try (ImapStore store = new ImapStore(endpoint, new ContentSpooler(spool, 1 << 20, 8 << 20),
                TargetLedger.NONE, 0, HostConnectionLimit.NONE, ImapPolicy.DEFAULT);
             FolderSource source = store.openSource(store.listFolders().get(0));
             MessageCursor cursor = source.messagesAfter(0)) {
            SourceMessage m;
            while ((m = cursor.next()) != null) {
                try (SourceMessage held = m; InputStream in = held.content().open()) {
                    read.add(held.uid() + " " + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(source.retryStats().reconnects()).isPositive();
        }
        return read;
    }

    @Test
    void aServerSendingBelowTheMinimumRateShouldBeDroppedAndTheFolderReadAfterReconnecting() throws Exception {
        List<Message> messages = List.of(Message.of(1, "Subject: one\r\n\r\nfirst\r\n"),
                Message.of(2, "Subject: two\r\n\r\nsecond\r\n"));
        try (ScriptedImapServer server = new ScriptedImapServer(messages)) {
            server.slowFirstConnections(1, 20); // 50 bytes/s, never silent for long
            ImapTuning tuning = ImapTuning.DEFAULT.withReadTimeout(Duration.ofSeconds(20))
                    .withBackoff(new Backoff(4, Duration.ofMillis(10), Duration.ofMillis(100)))
                    .withMinimumRate(1024, Duration.ofSeconds(1));
            List<String> read = readAll(server, tuning);
            assertThat(read).containsExactly("1 Subject: one\r\n\r\nfirst\r\n", "2 Subject: two\r\n\r\nsecond\r\n");
            assertThat(server.connections()).isGreaterThan(1);
        }
    }
}
