package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.Sha256;
import org.mailferry.auth.PasswordCredentials;
import org.mailferry.auth.Secret;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.StoreUri;
import org.mailferry.store.SystemFlag;
import org.mailferry.store.TargetLedger;
import org.mailferry.testing.FixedSecret;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * A folder read through spare connections fetching ahead ({@link FetchLanes}), against the real
 * Dovecot: small batches so one folder has many, big messages streamed in pieces between them.
 * Every message arrives once, in UID order, with the server's bytes, flags and date, whether the
 * budget leaves connections to spare or not. Uses user22.
 */
class FetchLanesTest {

    private static final String USER = TestImapServer.user(22);
    private static TestImapServer server;
    private static ImapSnapshot expected;

    @TempDir
    Path spool;

    @BeforeAll
    static void fill() {
        server = TestImapServer.get();
        server.resetUser(USER);
        server.fillCorpus(USER, "bench", 22, "--messages", "400", "--megabytes", "24");
        expected = ImapSnapshot.take(server, USER);
    }

    @Test
    void spareConnectionsFetchAheadAndEveryMessageArrivesOnceInOrder() throws IOException {
        Read read = readInbox(4);

        assertThat(read.fetchedAhead).as("batches fetched by spare connections").isGreaterThan(0);
        assertThat(read.messages).containsExactlyElementsOf(expectedInbox());
    }

    @Test
    void withoutConnectionsToSpareTheReaderFetchesEverythingItself() throws IOException {
        Read read = readInbox(1);

        assertThat(read.fetchedAhead).isZero();
        assertThat(read.messages).containsExactlyElementsOf(expectedInbox());
    }

    private List<String> expectedInbox() {
        List<String> out = new ArrayList<>();
        for (ImapSnapshot.SnapshotMessage m : expected.inFolder("INBOX")) {
            out.add(m.uid() + " " + m.sha256() + " " + m.flags() + " " + m.keywords() + " " + m.internalDate());
        }
        assertThat(out).as("the corpus has many batches of INBOX").hasSizeGreaterThan(60);
        return out;
    }

    private record Read(List<String> messages, int fetchedAhead) {
    }

    private Read readInbox(int connections) throws IOException {
        ImapTuning tuning = new ImapTuning(Duration.ofSeconds(10), Duration.ofSeconds(30), 50, 64 * 1024, 8,
                1 << 20, Backoff.DEFAULT, connections);
        Secret password = new FixedSecret(server.password(USER));
        ImapEndpoint endpoint = new ImapEndpoint(
                StoreUri.parse("imaps://" + USER + "@" + server.host() + ":" + server.imapsPort()),
                new PasswordCredentials(USER, password), new TlsSettings(List.of(server.cert()), false), tuning);
        List<String> messages = new ArrayList<>();
        try (ImapStore store = new ImapStore(endpoint, new ContentSpooler(spool, 1 << 20, 8 << 20), TargetLedger.NONE,
                0, HostConnectionLimit.NONE, org.mailferry.imap.ImapPolicy.DEFAULT)) {
            FolderInfo inbox = store.listFolders().stream().filter(f -> f.rawName().equals("INBOX")).findFirst()
                    .orElseThrow();
            try (FolderSource source = store.openSource(inbox);
                 MessageCursor cursor = source.messagesAfter(0)) {
                SourceMessage m;
                while ((m = cursor.next()) != null) {
                    try (SourceMessage held = m; InputStream in = held.content().open()) {
                        messages.add(held.uid() + " " + Sha256.of(in) + " " + flagNames(held) + " "
                                + held.meta().flags().keywords() + " " + held.meta().internalDate());
                    }
                }
                int ahead = ((ImapMessageCursor) cursor).fetchedAhead();
                try (var files = Files.list(spool)) {
                    assertThat(files).as("spool files left behind").isEmpty();
                }
                return new Read(messages, ahead);
            }
        }
    }

    private static String flagNames(SourceMessage m) {
        List<String> names = new ArrayList<>();
        for (SystemFlag f : m.meta().flags().system()) {
            names.add(switch (f) {
                case SEEN -> "\\Seen";
                case ANSWERED -> "\\Answered";
                case FLAGGED -> "\\Flagged";
                case DELETED -> "\\Deleted";
                case DRAFT -> "\\Draft";
            });
        }
        return new java.util.TreeSet<>(names).toString();
    }
}
