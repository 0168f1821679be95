package org.mailferry.imap;

import java.time.Duration;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailferry.error.MailferryException;
import org.mailferry.error.TransientFailure;
import org.mailferry.store.ReadAnomalies;
import org.mailferry.store.RetryStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder opened on its own pooled connection — read-only (EXAMINE) for a source, read-write
 * (SELECT) for a sink — that survives dropped links and throttling: {@link #call} reruns an
 * operation after reconnecting with {@link Backoff}, and refuses to go on if UIDVALIDITY changed
 * meanwhile (two UID spaces must never mix). {@link #reconnects()} lets a writer notice that a
 * command it sent may or may not have taken effect. Not thread-safe.
 */
final class FolderSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSession.class);

    /** An operation on the folder's UID fetcher. */
    interface Operation<T> {
        T run(UidFetcher fetcher) throws MessagingException;
    }

    private final ImapConnectionPool pool;
    private final ImapEndpoint endpoint;
    private final String name;
    private final boolean readWrite;
    private final RetryStats stats;
    private final ReadAnomalies anomalies;
    private ImapConnection connection;
    private IMAPFolder folder;
    private UidFetcher fetcher;
    private long uidValidity;
    private long highestModSeq;
    private boolean condstore;

    private int reconnects;
    private int failuresInARow;
    private String[] permanentFlags = new String[0];
    private ImapConnection first; // the connection to open on first, instead of borrowing one
    private boolean opened;

    FolderSession(ImapConnectionPool pool, String name, boolean readWrite, RetryStats stats) {
        this(pool, name, readWrite, stats, new ReadAnomalies());
    }

    FolderSession(ImapConnectionPool pool, String name, boolean readWrite, RetryStats stats, ReadAnomalies anomalies) {
        this(pool, name, readWrite, stats, anomalies, null, 0);
    }

    private FolderSession(ImapConnectionPool pool, String name, boolean readWrite, RetryStats stats,
                       ReadAnomalies anomalies, ImapConnection first, long uidValidity) {
        this.pool = pool;
        this.endpoint = pool.endpoint();
        this.name = name;
        this.readWrite = readWrite;
        this.stats = stats;
        this.anomalies = anomalies;
        this.first = first;
        this.uidValidity = uidValidity;
        try {
            call((readWrite ? "SELECT " : "EXAMINE ") + name, f -> null);
        } catch (RuntimeException e) {
            if (first != null) {
                first.close();
            }
            discardConnection();
            throw e;
        }
    }

    /**
     * The same folder opened read-only on {@code connection} (a spare one) to fetch ahead of this
     * one: it refuses another UIDVALIDITY, and counts its reconnects in the same stats.
     */
    FolderSession twin(ImapConnection connection) {
        return new FolderSession(pool, name, false, stats, anomalies, connection, uidValidity);
    }

    long uidValidity() {
        return uidValidity;
    }

    long highestModSeq() {
        return highestModSeq;
    }

    /** Whether the server is Gmail (X-GM-EXT-1): messages carry labels, STORE X-GM-LABELS works. */
    boolean gmail() {
        return call("CAPABILITY", f -> f.gmail());
    }

    boolean condstore() {
        return condstore;
    }

    String name() {
        return name;
    }

    /** Where this folder's fetches count answers that did not match the request. */
    ReadAnomalies anomalies() {
        return anomalies;
    }

    /** How many times the connection was re-established (a command in flight may or may not have run). */
    int reconnects() {
        return reconnects;
    }

    /** PERMANENTFLAGS of the folder as opened ({@code \\*} means keywords can be created). */
    String[] permanentFlags() {
        return permanentFlags.clone();
    }

    /** The capability of the server behind this folder's connection. */
    boolean hasCapability(String capability) {
        return call("CAPABILITY", f -> f.hasCapability(capability));
    }

    /** The value of a {@code NAME=value} capability (e.g. APPENDLIMIT), or -1 when absent. */
    long capabilityValue(String capability) {
        return call("CAPABILITY", f -> f.capabilityValue(capability));
    }

    <T> T call(String what, Operation<T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                pool.awaitIfThrottled();
                ensureOpen();
                return op.run(fetcher);
            } catch (MessagingException e) {
                refused(e, what);
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

    /** An answer the connection's guard cut off: the connection is gone, and retrying would bring the same. */
    private void refused(MessagingException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseRefused r) {
                discardConnection();
                throw new DamagedAnswer(what + " in " + name + ": " + r.getMessage(), e);
            }
        }
    }

    /** Thrown by {@link #callOnce} after it reconnected: the command may or may not have run. */
    static final class Reconnected extends RuntimeException {
        Reconnected(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Runs a command that must not be repeated blindly (APPEND): on a dropped link or throttling
     * it waits, reconnects and throws {@link Reconnected} so the caller can look at the target
     * before trying again. Gives up like {@link #call} after the backoff's attempts in a row.
     */
    <T> T callOnce(String what, Operation<T> op) {
        try {
            pool.awaitIfThrottled();
            ensureOpen();
            T result = op.run(fetcher);
            failuresInARow = 0;
            return result;
        } catch (MessagingException e) {
            MailferryException f = ImapErrors.onOperation(e, endpoint, what + " in " + name);
            if (!(f instanceof TransientFailure t)) {
                throw f;
            }
            return reconnectAfter(t);
        } catch (TransientFailure t) {
            return reconnectAfter(t);
        }
    }

    private <T> T reconnectAfter(TransientFailure t) {
        pause(t, ++failuresInARow);
        call("reconnect", f -> null);
        throw new Reconnected(t);
    }

    private void ensureOpen() throws MessagingException {
        if (folder != null) {
            return;
        }
        boolean reconnect = opened;
        connection = first != null ? first : pool.borrow();
        first = null;
        folder = readWrite ? connection.select(name) : connection.examine(name);
        long v = folder.getUIDValidity();
        if (uidValidity != 0 && v != uidValidity) {
            throw MailferryException.folder("UIDVALIDITY of " + name + " changed from " + uidValidity + " to " + v
                    + " during the run (the server renumbered it); run again to back up the new generation", null);
        }
        if (v <= 0 || v > 0xFFFFFFFFL) { // RFC 3501 nz-number: 1 to 4294967295
            throw MailferryException.folder(name + " on " + endpoint.hostPort() + " has no valid UIDVALIDITY ("
                    + (v < 0 ? "none" : String.valueOf(v)) + "): its UIDs cannot identify messages across runs, so it is not"
                    + " backed up; the server must be fixed", null);
        }
        uidValidity = v;
        fetcher = new UidFetcher(folder, connection.guard(), anomalies);
        condstore = fetcher.hasCapability("CONDSTORE");
        fetcher.gmail(fetcher.hasCapability(GmailItems.CAPABILITY));
        highestModSeq = condstore ? Math.max(0, folder.getHighestModSeq()) : 0;
        permanentFlags = permanentFlagNames(folder);
        opened = true;
        if (reconnect) {
            reconnects++;
            stats.reconnected();
            LOG.info("reconnected to {} and re-opened {}", endpoint.hostPort(), name);
        }
    }

    private static String[] permanentFlagNames(IMAPFolder folder) {
        jakarta.mail.Flags f = folder.getPermanentFlags();
        if (f == null) {
            return new String[0];
        }
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(f.getUserFlags()));
        if (f.contains(jakarta.mail.Flags.Flag.USER)) {
            names.add("\\*");
        }
        return names.toArray(String[]::new);
    }

    private void pause(TransientFailure t, int attempt) {
        discardConnection();
        Duration d = pool.backOff(t, attempt);
        stats.waited(d.toMillis(), t.throttled());
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
