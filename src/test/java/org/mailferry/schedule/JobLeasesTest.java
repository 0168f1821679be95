package org.mailferry.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.job.JobSchemaInitializer;
import org.mailferry.testing.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Job leases on both job databases mailferry supports: an H2 file and PostgreSQL. */
class JobLeasesTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> databases() {
        TestPostgres pg = TestPostgres.get();
        String pgPassword = readPassword(pg.passwordFile());
        return Stream.of(
                Arguments.of("h2", new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("leases") + ";AUTO_SERVER=TRUE")),
                Arguments.of("postgresql", new DriverManagerDataSource(pg.newDatabase(), pg.user(), pgPassword)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLeaseShouldBeHeldByOneOwnerAtATimeUntilReleasedOrRunOut(String name, DataSource db) throws Exception {
        new JobSchemaInitializer(db).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        JobLeases leases = new JobLeases(jdbc, Duration.ofMinutes(5));
        String job = "job-" + name;
        JobLeases.Owner a = owner("a");
        JobLeases.Owner b = owner("b");
        JobLeases.Owner c = owner("c");

        assertThat(leases.tryAcquire(job, a)).isEmpty();
        assertThat(leases.tryAcquire(job, b)).get().satisfies(h -> assertThat(h.owner()).isEqualTo(a));
        assertThat(leases.renew(job, a)).isTrue();
        assertThat(leases.renew(job, b)).isFalse();
        leases.release(job, b);
        assertThat(leases.holder(job)).get().extracting(JobLeases.Holder::owner).isEqualTo(a);

        leases.release(job, a);
        assertThat(leases.holder(job)).isEmpty();
        assertThat(leases.tryAcquire(job, b)).isEmpty();

        runOut(jdbc, leases, job); // b crashed: its lease runs out
        assertThat(leases.holder(job)).isEmpty();
        assertThat(leases.tryAcquire(job, c)).isEmpty();
        assertThat(leases.renew(job, b)).as("b lost it").isFalse();
        assertThat(leases.tryAcquire("other-" + job, b)).as("leases are per job").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLeaseOfAKilledProcessOfThisHostShouldBeFreeAtOnce(String name, DataSource db) throws Exception {
        new JobSchemaInitializer(db).afterPropertiesSet();
        JobLeases leases = new JobLeases(new JdbcTemplate(db), Duration.ofMinutes(5));
        String job = "killed-" + name;
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        JobLeases.Owner here = owner("here");
        JobLeases.Owner dead = new JobLeases.Owner("dead", here.host(), gone.pid());
        JobLeases.Owner elsewhere = new JobLeases.Owner("elsewhere", "another-host.example", gone.pid());

        assertThat(leases.tryAcquire(job, dead)).isEmpty();
        assertThat(leases.tryAcquire(job, here)).as("its holder is gone").isEmpty();
        assertThat(leases.tryAcquire(job, owner("other"))).as("this process is alive").isPresent();
        leases.release(job, here);
        assertThat(leases.tryAcquire(job, elsewhere)).isEmpty();
        assertThat(leases.tryAcquire(job, here)).as("another host's process is not ours to judge").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHeldLeaseShouldBeRenewedAndStopItsRunWhenLost(String name, DataSource db) throws Exception {
        new JobSchemaInitializer(db).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        JobLeases leases = new JobLeases(jdbc, Duration.ofSeconds(3));
        String job = "held-" + name;
        CountDownLatch lost = new CountDownLatch(1);

        try (JobLease lease = JobLease.acquire(leases, job, lost::countDown)) {
            assertThatThrownBy(() -> JobLease.acquire(leases, job, () -> { }))
                    .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUSY))
                    .hasMessageContaining("job " + job + " is already running");
            awaitRenewals(leases, job, 2); // renewals keep it
            assertThat(leases.tryAcquire(job, owner("thief"))).isPresent();
            assertThat(lost.getCount()).isEqualTo(1);

            jdbc.update("UPDATE MF_JOB_LEASE SET OWNER = 'thief', HOST = 'elsewhere' WHERE JOB_NAME = ?", job);
            assertThat(lost.await(5, TimeUnit.SECONDS)).as("the holder learns it lost the lease").isTrue();
        }
        assertThat(leases.holder(job)).get().extracting(h -> h.owner().id())
                .as("closing a lost lease leaves the new holder alone").isEqualTo("thief");
    }

    /** Moves the lease's expiry before its acquisition: its time to live has passed, whatever the load. */
    private static void runOut(JdbcTemplate jdbc, JobLeases leases, String job) {
        JobLeases.Holder holder = leases.holder(job).orElseThrow();
        assertThat(jdbc.update("UPDATE MF_JOB_LEASE SET EXPIRES = ? WHERE JOB_NAME = ?",
                holder.acquired().minusSeconds(1), job)).isEqualTo(1);
    }

    /** Waits until the lease on {@code job} was renewed {@code times} times (its expiry moved on); fails after 60 s. */
    private static void awaitRenewals(JobLeases leases, String job, int times) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        OffsetDateTime last = leases.holder(job).orElseThrow().expires();
        for (int renewed = 0; renewed < times; ) {
            assertThat(System.nanoTime()).as("the lease on " + job + " renewed " + times + " times within 60 s").isLessThan(end);
            Thread.sleep(50);
            OffsetDateTime expires = leases.holder(job).orElseThrow(() -> new AssertionError("the lease ran out")).expires();
            if (expires.isAfter(last)) {
                renewed++;
                last = expires;
            }
        }
    }

    private static JobLeases.Owner owner(String id) {
        JobLeases.Owner me = JobLeases.Owner.ofThisProcess();
        return new JobLeases.Owner(id, me.host(), me.pid());
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
