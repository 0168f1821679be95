package org.mailferry.imap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mailferry.auth.PasswordCredentials;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSourceContract;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.StoreUri;
import org.mailferry.store.TargetLedger;
import org.mailferry.testing.FixedSecret;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/**
 * The source contract on the test Dovecot over IMAPS. The folder is filled through mailferry's
 * IMAP sink (APPEND with flags, keywords and INTERNALDATE); the UIDs the server gave are read
 * with plain Angus ({@link ImapSnapshot}), not with the source under test.
 */
class ImapSourceContractTest implements FolderSourceContract {

    private static final String USER = TestImapServer.user(61);

    @Override
    public Filled fill(List<SourceMessage> messages, Path work) throws Exception {
        TestImapServer server = TestImapServer.get();
        server.resetUser(USER);
        ImapTuning tuning = new ImapTuning(Duration.ofSeconds(10), Duration.ofSeconds(30), 50, 64 * 1024, 8,
                1 << 20, Backoff.DEFAULT, 2);
        ImapEndpoint endpoint = new ImapEndpoint(
                StoreUri.parse("imaps://" + USER + "@" + server.host() + ":" + server.imapsPort()),
                new PasswordCredentials(USER, new FixedSecret(server.password(USER))),
                new TlsSettings(List.of(server.cert()), false), tuning);
        ImapStore store = new ImapStore(endpoint, new ContentSpooler(Files.createDirectories(work.resolve("spool")),
                1 << 20, 8 << 20), TargetLedger.NONE, 0, HostConnectionLimit.NONE);
        try {
            FolderInfo inbox = store.listFolders().stream().filter(f -> f.rawName().equals("INBOX")).findFirst()
                    .orElseThrow();
            try (FolderSink sink = store.openSink(inbox, inbox.path())) {
                sink.beginGeneration(7);
                sink.write(messages);
            }
            long[] uids = ImapSnapshot.take(server, USER).inFolder("INBOX").stream()
                    .mapToLong(ImapSnapshot.SnapshotMessage::uid).sorted().toArray();
            return new Filled(store, inbox, uids);
        } catch (Exception | Error e) {
            store.close();
            throw e;
        }
    }
}
