package org.mailferry.imap;

import java.time.Duration;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.error.TransientFailure;
import org.mailferry.store.RetryStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder examined (read-only) on its own connection that survives dropped links and throttling:
 * {@link #call} reruns an operation after reconnecting with {@link Backoff}, and refuses to go on
 * if UIDVALIDITY changed meanwhile (two UID spaces must never mix). Not thread-safe.
 */
final class ExaminedFolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExaminedFolder.class);

    /** An operation on the folder's UID fetcher. */
    interface Operation<T> {
        T run(UidFetcher fetcher) throws MessagingException;
    }

    private final ImapConnectionPool pool;
    private final ImapEndpoint endpoint;
    private final String name;
    private final RetryStats stats;
    private ImapConnection connection;
    private IMAPFolder folder;
    private UidFetcher fetcher;
    private long uidValidity;
    private long highestModSeq;
    private boolean condstore;

    ExaminedFolder(ImapConnectionPool pool, String name, RetryStats stats) {
        this.pool = pool;
        this.endpoint = pool.endpoint();
        this.name = name;
        this.stats = stats;
        call("EXAMINE " + name, f -> null);
    }

    long uidValidity() {
        return uidValidity;
    }

    long highestModSeq() {
        return highestModSeq;
    }

    boolean condstore() {
        return condstore;
    }

    <T> T call(String what, Operation<T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                ensureOpen();
                return op.run(fetcher);
            } catch (MessagingException e) {
                MailferryException f = ImapErrors.onOperation(e, endpoint, what + " in " + name);
                if (!(f instanceof TransientFailure t)) {
                    throw f;
                }
                pause(t, attempt);
            } catch (TransientFailure t) {
                pause(t, attempt);
            }
        }
    }

    private void ensureOpen() throws MessagingException {
        if (folder != null) {
            return;
        }
        boolean reconnect = uidValidity != 0;
        connection = pool.borrow();
        folder = connection.examine(name);
        long v = folder.getUIDValidity();
        if (uidValidity != 0 && v != uidValidity) {
            throw MailferryException.folder("UIDVALIDITY of " + name + " changed from " + uidValidity + " to " + v
                    + " during the run (the server renumbered it); run again to back up the new generation", null);
        }
        uidValidity = v;
        condstore = connection.hasCapability("CONDSTORE");
        highestModSeq = condstore ? Math.max(0, folder.getHighestModSeq()) : 0;
        fetcher = new UidFetcher(folder);
        if (reconnect) {
            stats.reconnected();
            LOG.info("reconnected to {} and re-opened {}", endpoint.hostPort(), name);
        }
    }

    private void pause(TransientFailure t, int attempt) {
        discardConnection();
        Backoff backoff = endpoint.tuning().backoff();
        if (attempt >= backoff.maxAttempts()) {
            throw t;
        }
        Duration d = backoff.delay(attempt, t.suggestedWait());
        LOG.warn("{}; retrying in {} ms (attempt {} of {})", t.getMessage(), d.toMillis(), attempt, backoff.maxAttempts());
        stats.waited(d.toMillis(), t.throttled());
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED, "interrupted while waiting to reconnect", e);
        }
    }

    private void discardConnection() {
        if (connection != null) {
            connection.close();
        }
        connection = null;
        folder = null;
        fetcher = null;
    }

    /** Closes the folder and gives a healthy connection back to the pool. */
    @Override
    public void close() {
        if (folder == null) {
            discardConnection();
            return;
        }
        try {
            folder.close(false);
            pool.release(connection);
            connection = null;
            folder = null;
            fetcher = null;
        } catch (MessagingException | RuntimeException e) {
            discardConnection();
        }
    }
}
