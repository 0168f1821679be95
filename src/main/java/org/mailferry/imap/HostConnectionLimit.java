package org.mailferry.imap;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * At most N connections to one host from this process, whatever the number of accounts being
 * copied at once (Gmail refuses more than 15 per account, Exchange throttles busy tenants). A
 * connection holds one permit from open to close. Thread-safe; one instance per process run.
 */
public final class HostConnectionLimit {

    /** No limit. */
    public static final HostConnectionLimit NONE = new HostConnectionLimit(0);

    private final int perHost;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    public HostConnectionLimit(int perHost) {
        this.perHost = perHost;
    }

    /** Blocks until a connection to {@code host} may be opened. */
    void acquire(String host) {
        if (perHost <= 0) {
            return;
        }
        try {
            semaphore(host).acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                    "interrupted while waiting for a free connection to " + host, e);
        }
    }

    /** Takes a permit only if one is free now. */
    boolean tryAcquire(String host) {
        return perHost <= 0 || semaphore(host).tryAcquire();
    }

    void release(String host) {
        if (perHost > 0) {
            semaphore(host).release();
        }
    }

    /** Whether others wait for a connection to {@code host} (then idle connections are closed, not kept). */
    boolean contended(String host) {
        return perHost > 0 && semaphore(host).hasQueuedThreads();
    }

    private Semaphore semaphore(String host) {
        return permits.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Semaphore(perHost, true));
    }
}
