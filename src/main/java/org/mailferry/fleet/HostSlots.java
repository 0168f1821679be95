package org.mailferry.fleet;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.schedule.JobLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Connection slots per server that all workers of a fleet share ({@code MF_HOST_SLOT}), so that
 * {@code --max-connections-per-host} (or the provider's limit) holds for the fleet, not per
 * worker. A slot is a row (HOST, SLOT) with an owner and an expiry in the database's clock:
 * taking one is an INSERT guarded by the key, or an UPDATE of an expired row, or of one whose
 * owner is a killed process of this host; this process renews its rows every {@code ttl/3}, so a
 * killed worker's slots free at once on its own host, after {@code ttl} elsewhere. A waiter polls
 * every 200 ms. Also the mailboxes a server throttled ({@code MF_MAILBOX_PAUSE}): a pause one
 * worker was told of holds for every worker that would connect to that mailbox. Thread-safe; one
 * per worker process.
 */
final class HostSlots implements HostConnectionLimit.SharedPermits, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostSlots.class);

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final String process = JobLeases.Owner.ofThisProcess().id();
    /** The slots this process holds, by host. */
    private final Map<String, Deque<Integer>> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewals;

    HostSlots(JdbcTemplate jdbc, Duration ttl) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "host-slot-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttl.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void acquire(String host, int perHost) throws InterruptedException {
        while (!tryAcquire(host, perHost)) {
            Thread.sleep(200);
        }
    }

    @Override
    public boolean tryAcquire(String host, int perHost) {
        OffsetDateTime now = now();
        for (int slot = 0; slot < perHost; slot++) {
            if (take(host, slot, process, now)) {
                return holding(host, slot);
            }
        }
        // all held: those of a killed worker of this host are free now, not when they expire
        for (Map<String, Object> row : jdbc.queryForList("SELECT SLOT, OWNER FROM MF_HOST_SLOT WHERE HOST = ? AND SLOT < ?",
                host, perHost)) {
            String owner = (String) row.get("OWNER");
            int slot = ((Number) row.get("SLOT")).intValue();
            if (JobLeases.Owner.parse(owner).map(JobLeases.Owner::isGoneFromThisHost).orElse(false)
                    && jdbc.update("UPDATE MF_HOST_SLOT SET OWNER = ?, EXPIRES = ? WHERE HOST = ? AND SLOT = ? AND OWNER = ?",
                    process, now.plus(ttl), host, slot, owner) == 1) {
                return holding(host, slot);
            }
        }
        return false;
    }

    private boolean holding(String host, int slot) {
        Deque<Integer> mine = held.computeIfAbsent(host, h -> new ArrayDeque<>());
        synchronized (mine) {
            mine.addLast(slot);
        }
        return true;
    }

    private boolean take(String host, int slot, String owner, OffsetDateTime now) {
        if (jdbc.update("UPDATE MF_HOST_SLOT SET OWNER = ?, EXPIRES = ? WHERE HOST = ? AND SLOT = ? AND EXPIRES < ?",
                owner, now.plus(ttl), host, slot, now) == 1) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO MF_HOST_SLOT (HOST, SLOT, OWNER, EXPIRES) VALUES (?, ?, ?, ?)",
                    host, slot, owner, now.plus(ttl)) == 1;
        } catch (DataIntegrityViolationException taken) {
            return false;
        }
    }

    @Override
    public void release(String host) {
        Deque<Integer> mine = held.get(host);
        Integer slot;
        if (mine == null) {
            return;
        }
        synchronized (mine) {
            slot = mine.pollLast();
        }
        if (slot != null) {
            jdbc.update("DELETE FROM MF_HOST_SLOT WHERE HOST = ? AND SLOT = ? AND OWNER = ?", host, slot, process);
        }
    }

    @Override
    public void pauseMailbox(String mailbox, Duration wait) {
        OffsetDateTime until = now().plus(wait);
        if (jdbc.update("UPDATE MF_MAILBOX_PAUSE SET UNTIL = ? WHERE MAILBOX = ? AND UNTIL < ?", until, mailbox, until) == 1) {
            return;
        }
        try {
            jdbc.update("INSERT INTO MF_MAILBOX_PAUSE (MAILBOX, UNTIL) VALUES (?, ?)", mailbox, until);
        } catch (DataIntegrityViolationException present) {
            // a later pause is recorded already, or another worker recorded one meanwhile: keep the later
            jdbc.update("UPDATE MF_MAILBOX_PAUSE SET UNTIL = ? WHERE MAILBOX = ? AND UNTIL < ?", until, mailbox, until);
        }
    }

    @Override
    public Duration mailboxPause(String mailbox) {
        OffsetDateTime now = now();
        return jdbc.query("SELECT UNTIL FROM MF_MAILBOX_PAUSE WHERE MAILBOX = ? AND UNTIL > ?",
                (rs, i) -> rs.getObject(1, OffsetDateTime.class), mailbox, now).stream().findFirst()
                .map(until -> Duration.between(now, until)).orElse(Duration.ZERO);
    }

    /** Slots of {@code host} held now by any process. */
    int inUse(String host) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM MF_HOST_SLOT WHERE HOST = ? AND EXPIRES >= ?", Integer.class,
                host, now());
    }

    private void renew() {
        try {
            OffsetDateTime now = now();
            jdbc.update("UPDATE MF_HOST_SLOT SET EXPIRES = ? WHERE OWNER = ?", now.plus(ttl), process);
        } catch (RuntimeException e) {
            LOG.warn("cannot renew this worker's connection slots: {}", e.toString());
        }
    }

    private OffsetDateTime now() {
        return jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", (rs, i) -> rs.getObject(1, OffsetDateTime.class));
    }

    /** Stops renewing without giving the slots back, as a killed worker does. */
    void stopRenewing() {
        renewals.shutdownNow();
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        jdbc.update("DELETE FROM MF_HOST_SLOT WHERE OWNER = ?", process);
    }
}
