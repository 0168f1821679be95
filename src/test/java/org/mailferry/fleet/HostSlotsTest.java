package org.mailferry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailferry.job.JobSchemaInitializer;
import org.mailferry.testing.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Connection slots per server shared by a fleet's workers, on both job databases. */
class HostSlotsTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> databases() throws IOException {
        TestPostgres pg = TestPostgres.get();
        String password = Files.readString(pg.passwordFile(), StandardCharsets.UTF_8).strip();
        return Stream.of(
                Arguments.of("h2", new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("slots") + ";AUTO_SERVER=TRUE")),
                Arguments.of("postgresql", new DriverManagerDataSource(pg.newDatabase(), pg.user(), password)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoWorkersShareTheCapOfAServerAndAKilledWorkersSlotsFree(String name, DataSource db) throws Exception {
        new JobSchemaInitializer(db).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String host = "imap.example.org";
        try (HostSlots a = new HostSlots(jdbc, Duration.ofSeconds(30));
             HostSlots b = new HostSlots(jdbc, Duration.ofSeconds(30))) {
            assertThat(a.tryAcquire(host, 2)).isTrue();
            assertThat(b.tryAcquire(host, 2)).isTrue();
            assertThat(a.tryAcquire(host, 2)).as("the fleet's cap of 2 is reached").isFalse();
            assertThat(b.tryAcquire(host, 2)).isFalse();
            assertThat(a.tryAcquire("other.example.org", 2)).as("another server has its own slots").isTrue();
            assertThat(a.inUse(host)).isEqualTo(2);

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    b.acquire(host, 2);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            assertThat(waiting).as("b waits for a free slot").isNotDone();
            a.release(host);
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(a.inUse(host)).isEqualTo(2);
            b.release(host);
            b.release(host);
            assertThat(a.inUse(host)).isZero();

            HostSlots killed = new HostSlots(jdbc, Duration.ofSeconds(1));
            assertThat(killed.tryAcquire(host, 1)).isTrue();
            Thread.sleep(1_500);
            assertThat(a.tryAcquire(host, 1)).as("kept alive by its renewals").isFalse();
            killed.stopRenewing();
            Thread.sleep(1_500);
            assertThat(a.tryAcquire(host, 1)).as("a killed worker's slot frees when it runs out").isTrue();

            // slots that expire in an hour: one of a process of this host that is gone, one of a live one
            String busy = "busy.example.org";
            Process ended = new ProcessBuilder("true").start();
            ended.waitFor();
            String thisHost = org.mailferry.schedule.JobLeases.Owner.ofThisProcess().host();
            java.sql.Timestamp later = java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600));
            jdbc.update("INSERT INTO MF_HOST_SLOT (HOST, SLOT, OWNER, EXPIRES) VALUES (?, 0, ?, ?)", busy,
                    thisHost + " pid " + ProcessHandle.current().pid() + " 0badc0de", later);
            assertThat(a.tryAcquire(busy, 1)).as("a live process's slot stays its own").isFalse();
            jdbc.update("INSERT INTO MF_HOST_SLOT (HOST, SLOT, OWNER, EXPIRES) VALUES (?, 1, ?, ?)", busy,
                    thisHost + " pid " + ended.pid() + " 0badc0de", later);
            assertThat(a.tryAcquire(busy, 2)).as("a killed process of this host frees its slot at once").isTrue();
            assertThat(jdbc.queryForObject("SELECT OWNER FROM MF_HOST_SLOT WHERE HOST = ? AND SLOT = 1", String.class,
                    busy)).startsWith(thisHost + " pid " + ProcessHandle.current().pid() + " ").doesNotEndWith("0badc0de");
            assertThat(a.tryAcquire(busy, 2)).as("the cap still holds").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aMailboxThrottledOnOneWorkerStaysPausedForEveryWorker(String name, DataSource db) throws Exception {
        new JobSchemaInitializer(db).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String bob = "bob-" + name + "@outlook.office365.com";
        try (HostSlots a = new HostSlots(jdbc, Duration.ofSeconds(30));
             HostSlots b = new HostSlots(jdbc, Duration.ofSeconds(30))) {
            assertThat(b.mailboxPause(bob)).as("nothing recorded yet").isZero();

            a.pauseMailbox(bob, Duration.ofSeconds(60));
            a.pauseMailbox(bob, Duration.ofMillis(100));
            b.pauseMailbox(bob, Duration.ofSeconds(5));

            assertThat(b.mailboxPause(bob)).as("the other worker sees the longest pause")
                    .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
            assertThat(a.mailboxPause("alice-" + name + "@outlook.office365.com")).as("other mailboxes go on").isZero();

            jdbc.update("UPDATE MF_MAILBOX_PAUSE SET UNTIL = UNTIL - INTERVAL '61' SECOND WHERE MAILBOX = ?", bob);
            assertThat(b.mailboxPause(bob)).as("a pause that ran out").isZero();
        }
    }
}
