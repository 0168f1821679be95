package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.error.ExitCode;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import tools.jackson.databind.JsonNode;

/**
 * Backup filters ({@code --since}, {@code --before}, {@code --larger-than}): a filtered backup
 * holds exactly what the filter takes, says how many messages it left out, and a later run
 * without the filter fills in what it left out (nothing missing, nothing twice).
 */
class BackupFilterEndToEndTest {

    private static final String SEARCH_USER = TestImapServer.user(80);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void sinceBackupShouldHoldOnlyRecentMailAndALaterFullRunShouldFillIn(String format) throws Exception {
        String user = TestImapServer.user(format.equals("maildir") ? 73 : 74);
        server.resetUser(user);
        // old and recent messages interleaved by UID, two of them on either side of midnight UTC
        String[] dates = {"2020-01-05T10:00:00Z", "2024-06-03T08:00:00Z", "2024-05-31T23:50:00Z",
                "2024-06-01T00:10:00Z", "2021-07-01T12:00:00Z", "2024-07-04T09:00:00Z", "2019-02-02T02:00:00Z"};
        try (MailboxEditor edit = new MailboxEditor(server, user)) {
            for (int i = 0; i < dates.length; i++) {
                edit.append("INBOX", "message " + i, new Flags(), Date.from(Instant.parse(dates[i])));
            }
        }
        ImapSnapshot all = ImapSnapshot.take(server, user);
        LocalDate since = LocalDate.parse("2024-06-01");
        Predicate<ImapSnapshot.SnapshotMessage> recent =
                m -> !m.internalDate().atZone(ZoneOffset.UTC).toLocalDate().isBefore(since);
        long recentCount = all.messages().stream().filter(recent).count();
        assertThat(recentCount).isEqualTo(3);

        String target = format + ":" + work.resolve(format);
        MailferryCli cli = E2eSupport.cli(work);
        String[] full = args("backup", "--source", imaps(server, user), "--to", target, "--json",
                credentials(server, user));
        String[] filtered = args("backup", "--source", imaps(server, user), "--to", target, "--json", "--since",
                since.toString(), credentials(server, user));

        MailferryCli.Result first = cli.run(filtered);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(E2eSupport.totals(first.out()).path("copied").asLong()).isEqualTo(recentCount);
        assertThat(excluded(first.out())).isEqualTo(all.size() - recentCount);
        assertThat(ImapSnapshot.diff(only(all, recent), ArchiveSnapshot.take(target)))
                .as("archive = the messages received since " + since).isEmpty();

        MailferryCli.Result again = cli.run(filtered);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(E2eSupport.totals(again.out()).path("copied").asLong()).isZero();

        MailferryCli.Result second = cli.run(full);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(E2eSupport.totals(second.out()).path("copied").asLong()).isEqualTo(all.size() - recentCount);
        assertThat(excluded(second.out())).isZero();
        assertThat(ImapSnapshot.diff(all, ArchiveSnapshot.take(target)))
                .as("archive = server: nothing missing, nothing twice").isEmpty();

        MailferryCli.Result third = cli.run(full);
        assertThat(E2eSupport.totals(third.out()).path("copied").asLong()).isZero();
        assertThat(ImapSnapshot.diff(all, ArchiveSnapshot.take(target))).isEmpty();
    }

    @Test
    void largerThanBackupShouldHoldOnlyLargeMailAndAFullRunShouldFillIn() throws Exception {
        String user = TestImapServer.user(75);
        server.resetUser(user);
        server.fillCorpus(user, "demo", 17);
        ImapSnapshot all = ImapSnapshot.take(server, user);
        long[] sizes = all.messages().stream().mapToLong(ImapSnapshot.SnapshotMessage::size).sorted().toArray();
        long threshold = sizes[sizes.length / 2];
        Predicate<ImapSnapshot.SnapshotMessage> large = m -> m.size() > threshold;
        long largeCount = all.messages().stream().filter(large).count();
        assertThat(largeCount).isBetween(1L, all.size() - 1L);

        String target = "maildir:" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);
        MailferryCli.Result first = cli.run(args("backup", "--source", imaps(server, user), "--to", target, "--json",
                "--larger-than", String.valueOf(threshold), credentials(server, user)));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(excluded(first.out())).isEqualTo(all.size() - largeCount);
        assertThat(ImapSnapshot.diff(only(all, large), ArchiveSnapshot.take(target)))
                .as("archive = the messages larger than " + threshold + " bytes").isEmpty();

        MailferryCli.Result second = cli.run(args("backup", "--source", imaps(server, user), "--to", target,
                "--json", credentials(server, user)));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(E2eSupport.totals(second.out()).path("copied").asLong()).isEqualTo(all.size() - largeCount);
        assertThat(ImapSnapshot.diff(all, ArchiveSnapshot.take(target))).as("archive = server").isEmpty();
    }

    @Test
    void sinceMigrateShouldCopyOnlyRecentMailAndALaterFullMigrateShouldFillIn() throws Exception {
        String source = TestImapServer.user(76);
        String target = TestImapServer.user(77);
        server.resetUser(source);
        server.resetUser(target);
        String[] dates = {"2020-01-05T10:00:00Z", "2024-06-03T08:00:00Z", "2021-07-01T12:00:00Z",
                "2024-07-04T09:00:00Z", "2019-02-02T02:00:00Z"};
        try (MailboxEditor edit = new MailboxEditor(server, source)) {
            for (int i = 0; i < dates.length; i++) {
                edit.append("INBOX", "message " + i, new Flags(), Date.from(Instant.parse(dates[i])));
            }
        }
        ImapSnapshot all = ImapSnapshot.take(server, source);
        Predicate<ImapSnapshot.SnapshotMessage> recent =
                m -> !m.internalDate().atZone(ZoneOffset.UTC).toLocalDate().isBefore(LocalDate.parse("2024-06-01"));
        MailferryCli cli = E2eSupport.cli(work);
        String[] migrate = args("migrate", "--source", imaps(server, source), "--target", imaps(server, target), "--json",
                "--password-file", server.passwordFile(source), "--target-password-file", server.passwordFile(target),
                "--trust-cert", server.cert());

        MailferryCli.Result first = cli.run(args(migrate, "--since", "2024-06-01"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(excluded(first.out())).isEqualTo(3);
        assertThat(ImapSnapshot.diff(only(all, recent), ImapSnapshot.take(server, target))).as("target = the recent messages").isEmpty();

        MailferryCli.Result second = cli.run(migrate);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(E2eSupport.totals(second.out()).path("copied").asLong()).as(first + "\n" + second).isEqualTo(3);
        assertThat(ImapSnapshot.diff(all, ImapSnapshot.take(server, target))).as("target = source: nothing missing, nothing twice")
                .isEmpty();
        MailferryCli.Result third = cli.run(migrate);
        assertThat(E2eSupport.totals(third.out()).path("copied").asLong()).isZero();
    }

    @Test
    void searchKeysShouldBackUpWhatTheServerFindsAndAFullRunShouldFillIn() throws Exception {
        String user = SEARCH_USER;
        server.resetUser(user);
        String[] subjects = {"Rechnung März 2024", "lunch on friday", "Invoice 17", "Rechnung April", "holiday photos",
                "invoice reminder"};
        try (MailboxEditor edit = new MailboxEditor(server, user)) {
            for (int i = 0; i < subjects.length; i++) {
                edit.append("INBOX", i % 2 == 0 ? "bob@example.com" : "alice@example.com", subjects[i],
                        "<search-" + i + "@example.com>", new Flags(), Date.from(Instant.parse("2024-03-0" + (i + 1) + "T10:00:00Z")));
            }
        }
        ImapSnapshot all = ImapSnapshot.take(server, user);
        String target = "maildir:" + work.resolve("search");
        MailferryCli cli = E2eSupport.cli(work);
        String[] backup = args("backup", "--source", imaps(server, user), "--to", target, "--json", credentials(server, user));

        // non-ASCII text goes as UTF-8 (SEARCH CHARSET UTF-8); keys are ANDed, OR and parentheses work
        MailferryCli.Result first = cli.run(args(backup, "--search", "OR (SUBJECT \"Rechnung März\") (FROM alice SUBJECT invoice)"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(excluded(first.out())).isEqualTo(4);
        assertThat(ImapSnapshot.diff(only(all, m -> m.internalDate().equals(Instant.parse("2024-03-01T10:00:00Z"))
                        || m.internalDate().equals(Instant.parse("2024-03-06T10:00:00Z"))),
                ArchiveSnapshot.take(target))).as("archive = what the server found").isEmpty();

        MailferryCli.Result full = cli.run(backup);
        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(E2eSupport.totals(full.out()).path("copied").asLong()).isEqualTo(4);
        assertThat(ImapSnapshot.diff(all, ArchiveSnapshot.take(target))).as("archive = server after the fill-in").isEmpty();
    }

    @Test
    void searchKeysThatCouldBreakTheCommandOrThatTheServerRefusesShouldBeUsageErrors() throws Exception {
        String user = SEARCH_USER;
        server.resetUser(user);
        try (MailboxEditor edit = new MailboxEditor(server, user)) {
            edit.append("INBOX", "one message to search", new Flags(), new Date());
        }
        MailferryCli cli = E2eSupport.cli(work);
        String target = "maildir:" + work.resolve("refused");
        for (String keys : new String[] {"SUBJECT x\r\nA1 DELETE INBOX", "SUBJECT {5}", "(FROM bob", "SUBJECT \"open"}) {
            MailferryCli.Result r = cli.run(args("backup", "--source", imaps(server, user), "--to", target, "--search",
                    keys, credentials(server, user)));
            assertThat(r.exitCode()).as(keys + ": " + r).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err()).contains("--search");
        }
        assertThat(work.resolve("refused")).as("nothing written for keys refused before the run").doesNotExist();

        MailferryCli.Result refused = cli.run(args("backup", "--source", imaps(server, user), "--to", target, "--search",
                "NOSUCHKEY bob", credentials(server, user)));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.err()).contains("the server did not accept --search 'NOSUCHKEY bob'");
    }

    private static long excluded(String jsonOut) {
        long n = 0;
        for (JsonNode f : org.mailferry.util.Json.MAPPER.readTree(jsonOut).path("folders")) {
            n += f.path("excluded").asLong();
        }
        return n;
    }

    private static ImapSnapshot only(ImapSnapshot all, Predicate<ImapSnapshot.SnapshotMessage> taken) {
        List<ImapSnapshot.SnapshotMessage> kept = all.messages().stream().filter(taken).toList();
        return ImapSnapshot.of(all.folders(), kept);
    }
}
