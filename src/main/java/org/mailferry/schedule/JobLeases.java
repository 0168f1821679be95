package org.mailferry.schedule;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases on job names in the job database ({@code MF_JOB_LEASE}, see {@code mailferry-schema.sql}),
 * so that one job never runs twice at once, also in processes on several machines sharing a
 * PostgreSQL job database (and with H2). Expiry uses the database's clock, so the machines'
 * clocks need not agree. A lease whose holder is a process of this host that is gone (killed) is
 * free at once; hosts sharing a job database must have distinct host names. Plain SQL, every
 * statement atomic on its own (autocommit): taking an expired or dead holder's lease is an UPDATE
 * guarded by the old holder, taking a free one an INSERT guarded by the primary key. Thread-safe.
 */
public final class JobLeases {

    /** How long a lease lasts without renewal: a crashed holder on another host blocks its job this long at most. */
    public static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HOST = hostName();

    private final JdbcTemplate jdbc;
    private final Duration timeToLive;

    public JobLeases(JdbcTemplate jdbc) {
        this(jdbc, TIME_TO_LIVE);
    }

    JobLeases(JdbcTemplate jdbc, Duration timeToLive) {
        this.jdbc = jdbc;
        this.timeToLive = timeToLive;
    }

    /** The process that holds (or wants) a lease. */
    public record Owner(String id, String host, long pid) {

        /** A new owner for one lease of this process: its id names host, pid and a random part. */
        public static Owner ofThisProcess() {
            byte[] random = new byte[4];
            RANDOM.nextBytes(random);
            long pid = ProcessHandle.current().pid();
            return new Owner(HOST + " pid " + pid + " " + HexFormat.of().formatHex(random), HOST, pid);
        }

        /** The owner an id names ("HOST pid N", then anything), or empty for an id of another form. */
        public static Optional<Owner> parse(String id) {
            int at = id == null ? -1 : id.lastIndexOf(" pid ");
            if (at < 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Owner(id, id.substring(0, at), Long.parseLong(id.substring(at + 5).split(" ")[0])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /**
         * True when this owner ran on this host and its process is gone (killed). A reused process
         * id makes a gone owner look alive: then only its expiry tells.
         */
        public boolean isGoneFromThisHost() {
            return host.equals(HOST) && ProcessHandle.of(pid).isEmpty();
        }
    }

    /** Who holds a lease and until when. */
    public record Holder(Owner owner, OffsetDateTime acquired, OffsetDateTime expires) {

        /** True when the holder ran on this host and its process is gone (a pid reused since does not count). */
        public boolean isDeadProcessOfThisHost() {
            if (owner.isGoneFromThisHost()) {
                return true;
            }
            Optional<Instant> started = ProcessHandle.of(owner.pid()).flatMap(p -> p.info().startInstant());
            return owner.host().equals(HOST) && started.isPresent()
                    && started.get().isAfter(acquired.toInstant().plusSeconds(1));
        }
    }

    public Duration timeToLive() {
        return timeToLive;
    }

    /**
     * Takes the lease on {@code job} for {@code owner} if nobody holds it, it ran out, or its holder
     * is a dead process of this host; otherwise returns the holder.
     */
    public Optional<Holder> tryAcquire(String job, Owner owner) {
        OffsetDateTime now = now();
        int taken = jdbc.update("UPDATE MF_JOB_LEASE SET OWNER = ?, HOST = ?, PID = ?, ACQUIRED = ?, EXPIRES = ?"
                + " WHERE JOB_NAME = ? AND EXPIRES < ?", owner.id(), owner.host(), owner.pid(), now, now.plus(timeToLive),
                job, now);
        if (taken == 1) {
            return Optional.empty();
        }
        try {
            jdbc.update("INSERT INTO MF_JOB_LEASE (JOB_NAME, OWNER, HOST, PID, ACQUIRED, EXPIRES) VALUES (?, ?, ?, ?, ?, ?)",
                    job, owner.id(), owner.host(), owner.pid(), now, now.plus(timeToLive));
            return Optional.empty();
        } catch (DataIntegrityViolationException held) {
            Optional<Holder> holder = holder(job);
            if (holder.isPresent() && holder.get().isDeadProcessOfThisHost()) {
                int stolen = jdbc.update("UPDATE MF_JOB_LEASE SET OWNER = ?, HOST = ?, PID = ?, ACQUIRED = ?, EXPIRES = ?"
                        + " WHERE JOB_NAME = ? AND OWNER = ?", owner.id(), owner.host(), owner.pid(), now,
                        now.plus(timeToLive), job, holder.get().owner().id());
                if (stolen == 1) {
                    return Optional.empty();
                }
                holder = holder(job);
            }
            return Optional.of(holder.orElse(new Holder(new Owner("another process", "", 0), now, now)));
        }
    }

    /** Extends {@code owner}'s lease; false when it no longer holds it (it ran out and was taken). */
    public boolean renew(String job, Owner owner) {
        OffsetDateTime now = now();
        return jdbc.update("UPDATE MF_JOB_LEASE SET EXPIRES = ? WHERE JOB_NAME = ? AND OWNER = ?",
                now.plus(timeToLive), job, owner.id()) == 1;
    }

    /** Gives the lease up, if {@code owner} still holds it. */
    public void release(String job, Owner owner) {
        jdbc.update("DELETE FROM MF_JOB_LEASE WHERE JOB_NAME = ? AND OWNER = ?", job, owner.id());
    }

    /** The current holder of the lease on {@code job}, if it is held. */
    public Optional<Holder> holder(String job) {
        OffsetDateTime now = now();
        List<Holder> rows = jdbc.query("SELECT OWNER, HOST, PID, ACQUIRED, EXPIRES FROM MF_JOB_LEASE"
                        + " WHERE JOB_NAME = ? AND EXPIRES >= ?",
                (rs, i) -> new Holder(new Owner(rs.getString(1), rs.getString(2), rs.getLong(3)),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class)), job, now);
        return rows.stream().findFirst();
    }

    private OffsetDateTime now() {
        return jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", (rs, i) -> rs.getObject(1, OffsetDateTime.class));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
