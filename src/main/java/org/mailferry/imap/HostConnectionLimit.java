package org.mailferry.imap;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most N connections to one host, whatever the number of accounts being copied at once
 * (Gmail refuses more than 15 per account, Exchange throttles busy tenants): from this process
 * (in-memory permits), or from every process of a fleet ({@link SharedPermits} kept in the job
 * database). A connection holds one permit from open to close. Also the mailboxes' throttling
 * pauses: when a server tells one connection to back off, every connection of that mailbox here
 * waits before its next command, and with shared permits every worker of the fleet waits before
 * it connects to the mailbox (a partition retried elsewhere does not hammer a throttled mailbox).
 * Thread-safe; one instance per run.
 */
public final class HostConnectionLimit {

    private static final Logger LOG = LoggerFactory.getLogger(HostConnectionLimit.class);

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

        /** Records that {@code mailbox} must be left alone for {@code wait} from now (a throttling answer). */
        default void pauseMailbox(String mailbox, Duration wait) {
        }

        /** How long {@code mailbox} must still be left alone (zero: not at all). */
        default Duration mailboxPause(String mailbox) {
            return Duration.ZERO;
        }
    }

    private final int perHost;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final SharedPermits shared;
    /** Until when (nanoTime) each mailbox of this process is paused. */
    private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();

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

    /**
     * A server told a connection of {@code mailbox} ({@link #mailbox}) to wait {@code wait}: every
     * connection of it here waits as long ({@link #awaitMailbox}), and the fleet is told.
     */
    void throttled(String mailbox, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        pausedUntil.merge(mailbox, until, (a, b) -> a - b > 0 ? a : b);
        if (shared != null) {
            try {
                shared.pauseMailbox(mailbox, wait);
            } catch (RuntimeException e) {
                LOG.debug("cannot tell the fleet that {} is throttled: {}", mailbox, e.toString());
            }
        }
    }

    /**
     * Waits while {@code mailbox} is paused here; with {@code askFleet} (before connecting) also
     * while the fleet has it paused.
     */
    void awaitMailbox(String mailbox, boolean askFleet) {
        Long until = pausedUntil.get(mailbox);
        long nanos = until == null ? 0 : until - System.nanoTime();
        if (askFleet && shared != null) {
            try {
                nanos = Math.max(nanos, shared.mailboxPause(mailbox).toNanos());
            } catch (RuntimeException e) {
                LOG.debug("cannot ask the fleet whether {} is throttled: {}", mailbox, e.toString());
            }
        }
        if (nanos <= 0) {
            return;
        }
        LOG.info("{} was throttled by its server: waiting {} ms before using it again", mailbox,
                TimeUnit.NANOSECONDS.toMillis(nanos));
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED,
                    "interrupted while waiting for the throttled mailbox " + mailbox, e);
        }
    }

    /** The key of an endpoint's mailbox for {@link #throttled}: user at host, lower case. */
    static String mailbox(ImapEndpoint endpoint) {
        return (endpoint.user() + "@" + endpoint.host()).toLowerCase(Locale.ROOT);
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
