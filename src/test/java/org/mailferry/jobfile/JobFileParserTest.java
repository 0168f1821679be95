package org.mailferry.jobfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Job files parsed from YAML: good files become the verb's exact command line; bad ones name file and line. */
class JobFileParserTest {

    @TempDir
    Path dir;

    @Test
    void parseShouldTranslateABackupIntoTheVerbsCommandLineWithAbsolutePaths() throws IOException {
        Path file = write("nightly.yaml", """
                name: nightly-alice
                type: backup
                source:
                  uri: imaps://alice@company.com@outlook.office365.com
                  provider: office365
                  oauth:
                    flow: client-credentials
                    tenant: company.com
                    client-id: app-id
                    client-secret-file: secrets/m365   # relative to the job file
                archive: maildir:backups/alice
                folders: [INBOX, "Projects/*"]
                exclude: Junk
                options:
                  connections: 2
                  chunk-size: 50
                  trust-cert: [certs/a.pem, ~/b.pem]
                schedule: "15 2 * * *"
                notify:
                  email: [ops@company.com, boss@company.com]
                """);

        JobFile job = JobFileParser.parse(file);

        String home = System.getProperty("user.home");
        assertThat(job.name()).isEqualTo("nightly-alice");
        assertThat(job.type()).isEqualTo(JobType.BACKUP);
        assertThat(job.source()).isEqualTo("imaps://alice@company.com@outlook.office365.com");
        assertThat(job.target()).isEqualTo("maildir:" + dir.resolve("backups/alice"));
        assertThat(job.commandLine()).containsExactly("backup",
                "--source=imaps://alice@company.com@outlook.office365.com", "--provider=office365",
                "--oauth=client-credentials", "--oauth-tenant=company.com", "--oauth-client-id=app-id",
                "--oauth-client-secret-file=" + dir.resolve("secrets/m365"),
                "--to=maildir:" + dir.resolve("backups/alice"),
                "--folders=INBOX", "--folders=Projects/*", "--exclude=Junk",
                "--connections=2", "--chunk-size=50",
                "--trust-cert=" + dir.resolve("certs/a.pem"), "--trust-cert=" + Path.of(home, "b.pem"),
                "--notify-email=ops@company.com", "--notify-email=boss@company.com");
        assertThat(job.arguments()).filteredOn(a -> a.option().equals("--chunk-size"))
                .singleElement().satisfies(a -> {
                    assertThat(a.line()).isEqualTo(16);
                    assertThat(a.key()).isEqualTo("options.chunk-size");
                });
        assertThat(job.schedule()).get().hasToString("15 2 * * *");
    }

    @Test
    void aFilterSectionBecomesTheVerbsFilterOptions() throws IOException {
        Path file = write("recent.yaml", """
                name: recent-bob
                type: backup
                source: imaps://bob@mail.example.org
                archive: maildir:/backups/bob
                filter:
                  since: 2026-01-01
                  before: "2026-07-01"
                  smaller-than: 25MB
                  search: 'NOT FROM "noreply@example.com"'
                """);

        JobFile job = JobFileParser.parse(file);

        assertThat(job.commandLine()).containsSubsequence("--since=2026-01-01", "--before=2026-07-01",
                "--smaller-than=25MB", "--search=NOT FROM \"noreply@example.com\"");
        assertThat(job.arguments()).filteredOn(a -> a.option().equals("--since")).singleElement()
                .satisfies(a -> assertThat(a.key()).isEqualTo("filter.since"));
    }

    @Test
    void parseShouldPrefixTheAuthenticationOptionsOfAMigrationsTarget() throws IOException {
        Path file = write("m.yaml", """
                name: m
                type: migrate
                source: {uri: "imaps://a@old.example.org", password-env: OLD_PW}
                target:
                  uri: imaps://a@new.example.org
                  password-command: pass show new
                  oauth: {token-cache: cache.json}
                map: ["INBOX/Archive/(.*)=Archive/$1"]
                options:
                  max-messages-per-second: 2.5
                  max-bytes-per-second: 5MB
                  delete-extra-on-target: true
                  include-shared: true
                  verify-append: full
                """);

        assertThat(JobFileParser.parse(file).commandLine()).containsExactly("migrate",
                "--source=imaps://a@old.example.org", "--password-env=OLD_PW",
                "--target=imaps://a@new.example.org", "--target-password-command=pass show new",
                "--target-oauth-token-cache=" + dir.resolve("cache.json"),
                "--map=INBOX/Archive/(.*)=Archive/$1",
                "--max-messages-per-second=2.5", "--max-bytes-per-second=5MB", "--delete-extra-on-target",
                "--include-shared", "--verify-append=full");
    }

    @Test
    void parseShouldTurnDedupeAndLabelsIntoTheirOptionsWhenGiven() throws IOException {
        Path backup = write("d.yaml", """
                name: d
                type: backup
                source: {uri: "imaps://a@mail.example.org", password-env: PW}
                archive: maildir:/backups/a
                options: {dedupe: true}
                """);
        Path restore = write("l.yaml", """
                name: l
                type: restore
                archive: maildir:/backups/gmail
                target: {uri: "imaps://a@new.example.org", password-env: PW}
                options:
                  labels: primary
                """);
        Path off = write("o.yaml", """
                name: o
                type: backup
                source: {uri: "imaps://a@mail.example.org", password-env: PW}
                archive: maildir:/backups/a
                options: {dedupe: false}
                """);

        assertThat(JobFileParser.parse(backup).commandLine()).containsExactly("backup",
                "--source=imaps://a@mail.example.org", "--password-env=PW", "--to=maildir:/backups/a", "--dedupe");
        assertThat(JobFileParser.parse(restore).commandLine()).containsExactly("restore",
                "--from=maildir:/backups/gmail", "--target=imaps://a@new.example.org", "--password-env=PW",
                "--labels=primary");
        assertThat(JobFileParser.parse(off).commandLine()).doesNotContain("--dedupe");
    }

    @Test
    void parseShouldNameTheLineWhenDedupeOrLabelsHaveAnotherValue() throws IOException {
        Path file = write("bad.yaml", """
                name: x
                type: restore
                archive: maildir:/a
                target: {uri: "imaps://a@h", password-env: PW}
                options:
                  labels: all
                  dedupe: sometimes
                """);

        assertThatThrownBy(() -> JobFileParser.parse(file)).isInstanceOfSatisfying(JobFileException.class,
                e -> assertThat(e.problems()).extracting(JobFileProblem::line, JobFileProblem::message).contains(
                        org.assertj.core.groups.Tuple.tuple(6, "options.labels: expected folders or primary, got 'all'")));
        assertThatThrownBy(() -> JobFileParser.parse(file)).isInstanceOfSatisfying(JobFileException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(7);
                    assertThat(p.message()).startsWith("options.dedupe:");
                }));
    }

    @Test
    void parseShouldReadARestoreFromArchiveToMailbox() throws IOException {
        Path file = write("r.yaml", """
                name: r
                type: restore
                archive: mbox:/backups/bob
                target: imaps://bob@mail.example.org
                into: Restored
                options: {compress: false, max-message-size: 25MB}
                """);

        JobFile job = JobFileParser.parse(file);
        assertThat(job.commandLine()).containsExactly("restore", "--from=mbox:/backups/bob",
                "--target=imaps://bob@mail.example.org", "--into=Restored", "--max-message-size=25MB");
        assertThat(job.schedule()).isEmpty();
    }

    @Test
    void aWrongCronFieldShouldBeNamedInTheFiveFieldFormTheUserWrote() {
        assertThat(JobSchedule.parse("61 2 * * *").problem())
                .isEqualTo("'61 2 * * *' is not a cron expression: minute 61 is out of range (0-59)");
        assertThat(JobSchedule.parse("0 25 * * *").problem()).endsWith("hour 25 is out of range (0-23)");
        assertThat(JobSchedule.parse("0 2 32 * *").problem()).endsWith("day of month 32 is out of range (1-28/31)");
        assertThat(JobSchedule.parse("0 2 * 13 *").problem()).endsWith("month 13 is out of range (1-12)");
        assertThat(JobSchedule.parse("0 2 * * 8").problem()).endsWith("day of week 8 is out of range (0-7 or SUN-SAT, 0 and 7 are Sunday)");
        assertThat(JobSchedule.parse("0 2 x * *").problem()).endsWith("'x' is neither a number nor a name such as MON or JAN")
                .doesNotContain("\"0 0 2");
    }

    @Test
    void scheduleShouldTakeCrontabsFiveFieldsSpringsSixAndMacros() {
        ZonedDateTime from = ZonedDateTime.of(2026, 11, 5, 10, 0, 0, 0, ZoneOffset.UTC);
        assertThat(JobSchedule.parse("15 2 * * *").schedule().next(from)).contains(from.withDayOfMonth(6).withHour(2).withMinute(15));
        assertThat(JobSchedule.parse("*/10 * * * * *").schedule().next(from)).contains(from.withSecond(10));
        assertThat(JobSchedule.parse("@daily").schedule().next(from)).contains(from.withDayOfMonth(6).withHour(0));
        assertThat(JobSchedule.parse("30 3 * * 7").schedule().next(from).orElseThrow().getDayOfWeek())
                .hasToString("SUNDAY");
    }

    @Test
    void everyExampleInJobsShouldParse() throws IOException {
        Path jobs = projectRoot().resolve("jobs");
        try (Stream<Path> files = Files.list(jobs)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(yaml).hasSizeGreaterThanOrEqualTo(4);
            for (Path f : yaml) {
                assertThat(JobFileParser.parse(f).name()).as(f.toString()).isNotBlank();
            }
        }
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        options:
                          chunksize: 10
                        """, 6, "options.chunksize: unknown key; did you mean 'chunk-size'?"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        options:
                          chunk-size: ten
                        """, 6, "options.chunk-size: expected a whole number of at least 1, got 'ten'"),
                Arguments.of("""
                        name: x
                        type: backup
                        source:
                          uri: imaps://a@h
                          password: hunter2
                        archive: maildir:/a
                        """, 5, "source.password: secrets never go in a job file"),
                Arguments.of("""
                        name: x
                        type: backup
                        source:
                          uri: imaps://a:hunter2@h
                        archive: maildir:/a
                        """, 4, "contains a password"),
                Arguments.of("""
                        name: x
                        type: sync
                        """, 2, "type: expected one of backup, restore, migrate, got 'sync'"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: imaps://b@h
                        """, 4, "archive: expected an archive, maildir:DIR or mbox:DIR"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        target: imaps://b@h
                        """, 5, "target: a backup job has no target: it reads from 'source' and writes to 'archive'"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        """, 1, "archive: missing"),
                Arguments.of("""
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        """, 1, "name: missing"),
                Arguments.of("""
                        name: nightly alice
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        """, 1, "name: expected letters, digits"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        schedule: "61 * * * *"
                        """, 5, "schedule: '61 * * * *' is not a cron expression"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        schedule: "* * *"
                        """, 5, "schedule: expected 5 fields as in crontab"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        filter:
                          since: last march
                        """, 6, "filter.since: expected a day as YYYY-MM-DD, e.g. 2026-03-01, got 'last march'"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        filter:
                          search: (FROM bob
                        """, 6, "filter.search: a '(' is never closed at character 10 of the search keys"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        retention:
                          keep-deleted-for: 3 months
                        """, 6, "retention.keep-deleted-for: expected a duration in days or hours such as 90d or 12h"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        notify:
                          email: not-an-address@
                        """, 6, "notify.email: 'not-an-address@' is not an e-mail address"),
                Arguments.of("""
                        name: x
                        type: backup
                        source:
                          uri: imaps://a@h
                          oauth:
                            flow: magic
                        archive: maildir:/a
                        """, 6, "source.oauth.flow: expected one of"),
                Arguments.of("""
                        name: x
                        type: backup
                        source:
                          uri: imaps://a@h
                          password-file: a
                          password-env: B
                        archive: maildir:/a
                        """, 6, "source.password-env: give only one of password-file, password-env and password-command"),
                Arguments.of("""
                        name: x
                        type: backup
                        source: imaps://a@h
                        archive: maildir:/a
                        options:
                          compress: brotli
                        """, 6, "options.compress: expected zstd, gzip, xz, true (zstd) or false, got 'brotli'"),
                Arguments.of("""
                        name: x
                        type: migrate
                        source: imaps://a@h
                        target: imaps://b@h
                        map: "(unclosed=x"
                        """, 5, "map: '(unclosed=x': FROM is not a regular expression"),
                Arguments.of("""
                        name: x
                        name: y
                        """, 2, "name: given twice (first on line 1)"),
                Arguments.of("""
                        name: x
                        type: backup
                          source: imaps://a@h
                        """, 3, "not valid YAML"),
                Arguments.of("""
                        name: x
                        type: backup
                        folders: {INBOX: yes}
                        """, 3, "folders: expected a folder name or glob or a list of them, got a mapping"),
                Arguments.of("- just\n- a list\n", 1, "the job file: expected a mapping (key: value lines), got a list"),
                Arguments.of("", 0, "empty: a job file needs at least name, type and its stores"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void parseShouldNameFileLineAndWhatWasExpectedWhenTheFileIsBad(String yaml, int line, String message)
            throws IOException {
        Path file = write("bad.yaml", yaml);

        assertThatThrownBy(() -> JobFileParser.parse(file))
                .isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.message()).contains(message);
                        }))
                .hasMessageContaining(file + (line > 0 ? ":" + line + ": " : ": "));
    }

    @Test
    void parseShouldReportEveryProblemOfAFileAtOnce() throws IOException {
        Path file = write("bad.yaml", """
                name: x
                type: backup
                source: imaps://a@h
                archive: maildir:/a
                options:
                  connections: 0
                  chunk-size: -1
                colour: blue
                """);

        assertThatThrownBy(() -> JobFileParser.parse(file)).isInstanceOfSatisfying(JobFileException.class,
                e -> assertThat(e.problems()).extracting(JobFileProblem::line).containsExactlyInAnyOrder(6, 7, 8));
    }

    @Test
    void aDirectoryAloneShouldBeTheArchiveItsManifestNamesRelativeToTheJobFile() throws IOException {
        Path archive = Files.createDirectories(dir.resolve("backups/bob"));
        Files.writeString(archive.resolve("mailferry-manifest.json"), "{\"version\": 2, \"store\": \"mbox\"}");
        Files.createDirectories(dir.resolve("empty"));
        Path file = write("bare.yaml", """
                name: r
                type: restore
                archive: backups/bob
                target: imaps://bob@mail.example.org
                """);
        Path noManifest = write("plain.yaml", """
                name: p
                type: restore
                archive: empty
                target: imaps://bob@mail.example.org
                """);

        assertThat(JobFileParser.parse(file).commandLine()).contains("--from=mbox:" + archive.toAbsolutePath().normalize());
        assertThatThrownBy(() -> JobFileParser.parse(noManifest)).isInstanceOf(JobFileException.class)
                .hasMessageContaining("plain.yaml:3: ").hasMessageContaining("holds no mailferry archive")
                .hasMessageContaining("maildir:" + dir.resolve("empty").toAbsolutePath().normalize());
    }

    @Test
    void parseShouldReportTheProblemsInLineOrderWhicheverCheckFindsThemFirst() throws IOException {
        Path file = write("order.yaml", """
                name: x
                type: backup
                options:
                  connections: 0
                source:
                  uri: imaps://a@h
                  trust-cert: x
                target:
                  uri: maildir:/a
                """);

        assertThatThrownBy(() -> JobFileParser.parse(file)).isInstanceOfSatisfying(JobFileException.class, e -> {
            assertThat(e.problems()).extracting(JobFileProblem::line).hasSizeGreaterThanOrEqualTo(3).isSorted();
            assertThat(e.getMessage()).containsSubsequence(":4: options.connections", ":7: source.trust-cert", ":8: target");
        });
    }

    private Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return f;
    }

    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("jobs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("no project root above " + Path.of("").toAbsolutePath());
    }
}
