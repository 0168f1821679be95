package org.mailferry.imap;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Logged-in connections to one account, reused across folders: a partition that finishes a
 * folder hands its connection to the next one, so a run pays one TLS handshake and login per
 * parallel connection instead of one per folder. A connection that failed is discarded, never
 * returned. Opening one takes a permit of the {@link HostConnectionLimit}; an idle connection is
 * closed rather than kept when other accounts wait for that host. Thread-safe.
 */
public final class ImapConnectionPool implements AutoCloseable {

    private final ImapEndpoint endpoint;
    private final HostConnectionLimit hostLimit;
    private final Deque<ImapConnection> idle = new ArrayDeque<>();
    private boolean closed;

    public ImapConnectionPool(ImapEndpoint endpoint, HostConnectionLimit hostLimit) {
        this.endpoint = endpoint;
        this.hostLimit = hostLimit;
    }

    public ImapEndpoint endpoint() {
        return endpoint;
    }

    /** An idle connection, or a new one (translated failures as {@link ImapConnection#open}). */
    public ImapConnection borrow() {
        synchronized (this) {
            ImapConnection c = idle.poll();
            if (c != null) {
                return c;
            }
        }
        hostLimit.acquire(endpoint.host());
        try {
            return ImapConnection.open(endpoint, () -> hostLimit.release(endpoint.host()));
        } catch (RuntimeException e) {
            hostLimit.release(endpoint.host());
            throw e;
        }
    }

    /**
     * Runs {@code work} on a pooled connection: returned to the pool afterwards, or closed when
     * the work failed (the link may be broken).
     */
    public <T> T withConnection(java.util.function.Function<ImapConnection, T> work) {
        ImapConnection c = borrow();
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

    /** Gives back a healthy connection with no folder open. */
    public void release(ImapConnection c) {
        synchronized (this) {
            if (!closed && c.isConnected() && !hostLimit.contended(endpoint.host())) {
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
            idle.forEach(ImapConnection::close);
            idle.clear();
        }
    }
}
