package org.mailferry.imap;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.net.ssl.SSLSocketFactory;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.error.TransientFailure;

/**
 * Logged-in connections to one account, reused across folders: a partition that finishes a
 * folder hands its connection to the next one, so a run pays one TLS handshake and login per
 * parallel connection instead of one per folder. A connection that failed is discarded, never
 * returned. Opening one takes a permit of the {@link HostConnectionLimit}; an idle connection is
 * closed rather than kept when other accounts wait for that host. It counts the connections in
 * use against the account's budget ({@link ImapTuning#connections()}) so that helpers fetching
 * ahead for a big folder ({@link FetchLanes}) take only connections the folders leave idle.
 * Thread-safe.
 */
public final class ImapConnectionPool implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImapConnectionPool.class);

    private final ImapEndpoint endpoint;
    private final HostConnectionLimit hostLimit;
    private final Deque<ImapConnection> idle = new ArrayDeque<>();
    private int open; // opened by this pool (or being opened for a lane) and not closed yet
    private boolean closed;
    private int pendingOpens; // started by openAhead, not finished
    private RuntimeException openFailure; // of an openAhead, thrown by the next borrow
    private SSLSocketFactory socketFactory; // made once: it loads the trusted certificates

    public ImapConnectionPool(ImapEndpoint endpoint, HostConnectionLimit hostLimit) {
        this.endpoint = endpoint;
        this.hostLimit = hostLimit;
    }

    public ImapEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Starts opening {@code n} connections in the background, so their TLS handshakes and logins
     * overlap the caller's own start-up: the first alone (a wrong password fails one login, not
     * n), then the others together. {@link #borrow} waits for them, and the borrow that finds a
     * failed one throws its failure.
     */
    public void openAhead(int n) {
        if (n < 1) {
            return;
        }
        synchronized (this) {
            pendingOpens += n;
        }
        Thread first = new Thread(() -> {
            if (openAheadOne()) {
                for (int i = 1; i < n; i++) {
                    Thread t = new Thread(this::openAheadOne, "imap-open-ahead");
                    t.setDaemon(true);
                    t.start();
                }
            } else {
                settle(n - 1);
            }
        }, "imap-open-ahead");
        first.setDaemon(true);
        first.start();
    }

    /**
     * Opens one connection for {@link #openAhead}; false when it failed (the failure is kept). Any
     * throwable counts: a waiting {@link #borrow} must learn of it, never wait for ever.
     */
    private boolean openAheadOne() {
        ImapConnection c;
        try {
            c = openNew();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                if (openFailure == null) {
                    openFailure = e instanceof RuntimeException r ? r
                            : new IllegalStateException("cannot open a connection to " + endpoint.hostPort() + ": " + e, e);
                }
            }
            settle(1);
            return false;
        }
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                c.markIdle();
                idle.push(c);
            }
        }
        if (!keep) {
            c.close();
        }
        settle(1);
        return true;
    }

    private synchronized void settle(int opens) {
        pendingOpens -= opens;
        notifyAll();
    }

    /**
     * An idle connection, or a new one (translated failures as {@link ImapConnection#open}). A
     * connection idle for more than {@value #CHECK_AFTER_IDLE_SECONDS} s is checked with a NOOP
     * first: one the server or a middlebox dropped meanwhile is closed, not handed out.
     */
    public ImapConnection borrow() {
        while (true) {
            ImapConnection c = borrowAny();
            if (!c.idleLongerThan(java.time.Duration.ofSeconds(CHECK_AFTER_IDLE_SECONDS)) || c.isConnected()) {
                return c;
            }
            c.close();
        }
    }

    private static final int CHECK_AFTER_IDLE_SECONDS = 20;

    private ImapConnection borrowAny() {
        synchronized (this) {
            while (idle.isEmpty() && pendingOpens > 0 && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                            "interrupted while connecting to " + endpoint.hostPort(), e);
                }
            }
            ImapConnection c = idle.poll();
            if (c != null) {
                return c;
            }
            if (openFailure != null) {
                RuntimeException failure = openFailure;
                openFailure = null;
                throw failure;
            }
        }
        return openNew();
    }

    /**
     * Opens a new connection, waiting while the mailbox is throttled (here or anywhere in the
     * fleet) and for a host permit; counted in use until it closes.
     */
    private ImapConnection openNew() {
        hostLimit.awaitMailbox(HostConnectionLimit.mailbox(endpoint), true);
        hostLimit.acquire(endpoint.host());
        ImapConnection c = openCounted();
        synchronized (this) {
            open++;
        }
        return c;
    }

    /** The server told a connection to wait {@code wait}: the mailbox's other connections wait too. */
    void throttled(java.time.Duration wait) {
        hostLimit.throttled(HostConnectionLimit.mailbox(endpoint), wait);
    }

    /** Waits while the mailbox is throttled in this process (before a command). */
    void awaitIfThrottled() {
        hostLimit.awaitMailbox(HostConnectionLimit.mailbox(endpoint), false);
    }

    /**
     * A connection for a helper lane, only while fewer than the budget are in use and without
     * waiting for the host limit; {@code null} when there is none to spare.
     */
    ImapConnection borrowSpare() {
        synchronized (this) {
            if (closed || open - idle.size() >= endpoint.tuning().connections()) {
                return null;
            }
            ImapConnection c = idle.poll();
            if (c != null) {
                return c;
            }
            open++; // reserved while it opens
        }
        if (!hostLimit.tryAcquire(endpoint.host())) {
            unreserve();
            return null;
        }
        try {
            return openCounted();
        } catch (RuntimeException e) {
            unreserve();
            throw e;
        }
    }

    /** Whether a connection could be spared for a lane now. */
    synchronized boolean hasSpare() {
        return !closed && open - idle.size() < endpoint.tuning().connections();
    }

    /** Whether more connections are in use than the budget: a lane should give its one back. */
    synchronized boolean overBudget() {
        return open - idle.size() > endpoint.tuning().connections();
    }

    /** Opens a connection holding a host permit the caller took; the permit is given back on failure. */
    private ImapConnection openCounted() {
        try {
            return ImapConnection.open(endpoint, socketFactory(), () -> {
                unreserve();
                hostLimit.release(endpoint.host());
            });
        } catch (RuntimeException e) {
            hostLimit.release(endpoint.host());
            throw e;
        }
    }

    private synchronized SSLSocketFactory socketFactory() {
        if (socketFactory == null) {
            socketFactory = TlsSocketFactories.create(endpoint.tls());
        }
        return socketFactory;
    }

    private synchronized void unreserve() {
        open--;
    }

    /**
     * Runs {@code work} on a pooled connection: returned to the pool afterwards, or closed when
     * the work failed (the link may be broken).
     */
    public <T> T withConnection(java.util.function.Function<ImapConnection, T> work) {
        ImapConnection c = borrowRetrying();
        T result;
        try {
            result = work.apply(c);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        release(c);
        return result;
    }

    /**
     * {@link #borrow}, tried again with the endpoint's backoff while opening fails transiently (a
     * server closing new connections at its limit, a throttled login): the work a connection is
     * borrowed for has not begun, so nothing runs twice.
     */
    private ImapConnection borrowRetrying() {
        for (int attempt = 1; ; attempt++) {
            try {
                return borrow();
            } catch (TransientFailure t) {
                backOff(t, attempt);
            }
        }
    }

    /**
     * Waits before attempt {@code attempt + 1} after {@code t} (the server's suggested wait when
     * it gave one; a throttled mailbox's other connections wait as long) and returns how long;
     * throws {@code t} when the backoff's attempts are spent.
     */
    java.time.Duration backOff(TransientFailure t, int attempt) {
        Backoff backoff = endpoint.tuning().backoff();
        if (attempt >= backoff.maxAttempts()) {
            throw t;
        }
        java.time.Duration d = backoff.delay(attempt, t.suggestedWait());
        LOG.warn("{}; retrying in {} ms (attempt {} of {})", t.getMessage(), d.toMillis(), attempt, backoff.maxAttempts());
        if (t.throttled()) {
            throttled(d); // the mailbox's other connections, and the fleet, wait as long
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED, "interrupted while waiting to reconnect", e);
        }
        return d;
    }

    /** Gives back a healthy connection with no folder open. */
    public void release(ImapConnection c) {
        synchronized (this) {
            if (!closed && c.isConnected() && !hostLimit.contended(endpoint.host())) {
                c.markIdle();
                idle.push(c);
                return;
            }
        }
        c.close();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
            idle.forEach(ImapConnection::close);
            idle.clear();
        }
    }
}
