package org.mailferry.imap;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * At most N connections to one host, whatever the number of accounts being copied at once
 * (Gmail refuses more than 15 per account, Exchange throttles busy tenants): from this process
 * (in-memory permits), or from every process of a fleet ({@link SharedPermits} kept in the job
 * database). A connection holds one permit from open to close. Thread-safe; one instance per run.
 */
public final class HostConnectionLimit {

    /** No limit. */
    public static final HostConnectionLimit NONE = new HostConnectionLimit(0);

    /**
     * Permits that processes share (a fleet's workers): {@code acquire} blocks until one of the
     * host's {@code perHost} permits is free everywhere, {@code release} gives it back.
     */
    public interface SharedPermits {
        void acquire(String host, int perHost) throws InterruptedException;

        boolean tryAcquire(String host, int perHost);

        void release(String host);
    }

    private final int perHost;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final SharedPermits shared;

    public HostConnectionLimit(int perHost) {
        this(perHost, null);
    }

    /** {@code perHost} permits per host shared through {@code shared} (null: this process's only). */
    public HostConnectionLimit(int perHost, SharedPermits shared) {
        this.perHost = perHost;
        this.shared = shared;
    }

    /** Blocks until a connection to {@code host} may be opened. */
    void acquire(String host) {
        if (perHost <= 0) {
            return;
        }
        try {
            if (shared != null) {
                shared.acquire(key(host), perHost);
            } else {
                semaphore(host).acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                    "interrupted while waiting for a free connection to " + host, e);
        }
    }

    /** Takes a permit only if one is free now. */
    boolean tryAcquire(String host) {
        return perHost <= 0 || (shared != null ? shared.tryAcquire(key(host), perHost) : semaphore(host).tryAcquire());
    }

    void release(String host) {
        if (perHost > 0 && shared != null) {
            shared.release(key(host));
        } else if (perHost > 0) {
            semaphore(host).release();
        }
    }

    /** Whether others wait for a connection to {@code host} (then idle connections are closed, not kept). */
    boolean contended(String host) {
        // other processes' waiters are not seen: a shared limit keeps idle connections
        return perHost > 0 && shared == null && semaphore(host).hasQueuedThreads();
    }

    private Semaphore semaphore(String host) {
        return permits.computeIfAbsent(key(host), h -> new Semaphore(perHost, true));
    }

    private static String key(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
