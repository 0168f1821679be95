package org.mailferry.imap;

import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.Store;

/**
 * An IMAP account as a store. Every opened folder holds its own connection from a pool, so
 * partitions run in parallel up to the limit the job sets, and a connection freed by a finished
 * folder serves the next. Thread-safe.
 */
public final class ImapStore implements Store {

    private final ImapEndpoint endpoint;
    private final ContentSpooler spooler;
    private final ImapConnectionPool pool;

    /** @param spooler holds or spills the messages its sources fetch */
    public ImapStore(ImapEndpoint endpoint, ContentSpooler spooler) {
        this.endpoint = endpoint;
        this.spooler = spooler;
        this.pool = new ImapConnectionPool(endpoint);
    }

    public ImapEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String describe() {
        return endpoint.uri().describe();
    }

    @Override
    public List<FolderInfo> listFolders() {
        return pool.withConnection(ImapConnection::listFolders);
    }

    @Override
    public Optional<FolderStatus> status(FolderInfo folder) {
        return Optional.of(pool.withConnection(c -> c.status(BASE64MailboxDecoder.decode(folder.rawName()))));
    }

    @Override
    public FolderSource openSource(FolderInfo folder) {
        return new ImapFolderSource(pool, folder, spooler);
    }

    @Override
    public FolderSink openSink(FolderInfo source, FolderPath target) {
        throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                "writing into an IMAP mailbox (restore, migrate) is not available yet");
    }

    @Override
    public void close() {
        pool.close();
    }
}
