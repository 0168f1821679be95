package org.mailferry.schedule;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held lease on one job ({@link JobLeases}), renewed in the background every third of its time
 * to live until {@link #close} gives it up. If it is lost (taken by another process after running
 * out, or not renewable for a whole time to live because the database is unreachable), the
 * {@code onLost} action runs once: the holder must stop its run, since another may start it.
 * Thread-safe.
 */
public final class JobLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-renewal");
        t.setDaemon(true);
        return t;
    });

    private final JobLeases leases;
    private final String job;
    private final JobLeases.Owner owner;
    private final Runnable onLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledFuture<?> renewal;
    private volatile long renewedAt = System.nanoTime();

    private JobLease(JobLeases leases, String job, JobLeases.Owner owner, Runnable onLost) {
        this.leases = leases;
        this.job = job;
        this.owner = owner;
        this.onLost = onLost;
        long every = Math.max(1, leases.timeToLive().toMillis() / 3);
        this.renewal = RENEWALS.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes the lease on {@code job}, or fails with exit code 15 naming who holds it. */
    public static JobLease acquire(JobLeases leases, String job, Runnable onLost) {
        JobLeases.Owner owner = JobLeases.Owner.ofThisProcess();
        Optional<JobLeases.Holder> holder = leases.tryAcquire(job, owner);
        if (holder.isPresent()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.BUSY, "job " + job + " is already running ("
                    + holder.get().owner().id() + ", since " + holder.get().acquired().toInstant() + ")");
        }
        return new JobLease(leases, job, owner, onLost);
    }

    private void renew() {
        try {
            if (leases.renew(job, owner)) {
                renewedAt = System.nanoTime();
                return;
            }
            lose("it was taken by another process");
        } catch (RuntimeException e) {
            Duration since = Duration.ofNanos(System.nanoTime() - renewedAt);
            LOG.warn("cannot renew the lease on job {}: {}", job, e.toString());
            if (since.compareTo(leases.timeToLive()) >= 0) {
                lose("the job database was unreachable for " + since.toSeconds() + " s");
            }
        }
    }

    private void lose(String why) {
        if (lost.compareAndSet(false, true)) {
            LOG.error("lost the lease on job {} ({}): stopping its run", job, why);
            renewal.cancel(false);
            onLost.run();
        }
    }

    @Override
    public void close() {
        renewal.cancel(false);
        if (!lost.get()) {
            try {
                leases.release(job, owner);
            } catch (RuntimeException e) {
                LOG.warn("cannot release the lease on job {} (it runs out by itself): {}", job, e.toString());
            }
        }
    }
}
