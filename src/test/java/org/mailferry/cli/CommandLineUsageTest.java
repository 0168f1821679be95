package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.util.Json;
import org.mailferry.util.JsonDocument;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** What a user sees after a mistake on the command line: the CLI run in-process, as typed. */
class CommandLineUsageTest {

    @TempDir
    Path state;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void aMisspelledCommandShouldBeNamedWithTheCommandMeant() {
        Outcome o = run("bakup");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo(String.format("mailferry: unknown command 'bakup'; did you mean backup?%n"
                + "Try 'mailferry --help'.%n"));
    }

    @Test
    void aMisspelledSubcommandShouldNameItsParentOnce() {
        Outcome o = run("jobs", "lst");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("unknown command 'lst'; did you mean list").contains("Try 'mailferry jobs --help'.");
    }

    @Test
    void aMisspelledOptionShouldBeNamedBeforeAnythingMissing() {
        Outcome o = run("backup", "--conections", "3");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("mailferry: unknown option --conections; did you mean --connections")
                .contains("Try 'mailferry backup --help'.").doesNotContain("Missing required");
    }

    @Test
    void aMisspelledRequiredOptionShouldNotBeReportedAsMissing() {
        Outcome o = run("backup", "--sorce", "imaps://alice@example.org", "--to", "maildir:/tmp/x");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("mailferry: unknown option --sorce; did you mean --source?")
                .doesNotContain("Missing").doesNotContain("mailferry mailferry");
    }

    @Test
    void aPasswordOnTheCommandLineShouldExplainTheThreeSecretOptionsWithoutEchoingIt() {
        Outcome o = run("backup", "--source", "imaps://alice@example.org", "--to", "maildir:/tmp/x",
                "--password", "Hunter2Secret");
        Outcome target = run("migrate", "--source", "imaps://a@example.org", "--target", "imaps://b@example.org",
                "--target-password=Hunter3Secret");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("there is no --password option").contains("--password-file FILE")
                .contains("--password-env VAR").contains("--password-command CMD").doesNotContain("Hunter2Secret");
        assertThat(target.code()).isEqualTo(2);
        assertThat(target.err()).contains("there is no --target-password option").contains("--target-password-file FILE")
                .doesNotContain("Hunter3Secret");
    }

    @Test
    void aUsageErrorWithJsonShouldAlsoPrintAJsonErrorOnStdout() {
        Outcome o = run("backup", "--sorce", "x", "--json");

        assertThat(o.code()).isEqualTo(2);
        JsonNode json = Json.MAPPER.readTree(o.out());
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(JsonDocument.SCHEMA_VERSION);
        assertThat(json.path("tool").asString()).startsWith("mailferry ");
        assertThat(json.path("exitCode").asInt()).isEqualTo(2);
        assertThat(json.path("error").asString()).startsWith("unknown option --sorce");
        assertThat(o.err()).startsWith("mailferry: unknown option --sorce");
    }

    @Test
    void bareMailferryShouldPrintTheUsage() {
        Outcome o = run();

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Usage: mailferry").contains("Commands:").contains("backup").contains("Exit codes:");
    }

    @Test
    void helpCommandShouldShowACommandsHelp() {
        Outcome o = run("help", "backup");

        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("Usage: mailferry backup").contains("--connections");
    }

    @Test
    void everyCommandShouldHaveACompleteSummaryAndExamples() {
        CommandLine root = new CommandLine(new MailferryCommand());
        root.getSubcommands().values().stream().flatMap(c -> c.getSubcommands().isEmpty()
                ? java.util.stream.Stream.of(c) : java.util.stream.Stream.concat(java.util.stream.Stream.of(c),
                c.getSubcommands().values().stream())).filter(c -> !c.getCommandName().equals("help")).forEach(c -> {
            var spec = c.getCommandSpec();
            String[] summary = spec.usageMessage().header().length > 0 ? spec.usageMessage().header()
                    : spec.usageMessage().description();
            assertThat(summary[0]).as("summary of %s", spec.qualifiedName()).endsWith(".");
            assertThat(String.join("\n", spec.usageMessage().footer())).as("examples of %s", spec.qualifiedName())
                    .containsPattern("Examples?:");
        });
    }

    @Test
    void anUnknownRunShouldBeAUsageErrorNamingTheListCommand() {
        Outcome o = run("jobs", "show", "999", "--state-dir", state.toString());

        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).contains("mailferry: no run 999 in the job database (see mailferry jobs list)")
                .doesNotContain("Exception");
        assertThat(Arrays.stream(o.err().split("\n")).filter(l -> !l.isBlank())).hasSize(1);
    }

    @Test
    void aPasswordAttachedToAShortOptionShouldNeverBePrinted() {
        Outcome attached = run("backup", "-pHunter2Secret", "--json");
        Outcome equals = run("restore", "-p=Hunter3Secret");

        assertThat(attached.code()).isEqualTo(2);
        assertThat(attached.err() + attached.out()).contains("there is no -p option").doesNotContain("Hunter2Secret");
        assertThat(equals.code()).isEqualTo(2);
        assertThat(equals.err()).contains("there is no -p option").contains("--password-file FILE").doesNotContain("Hunter3Secret");
    }

    @Test
    void aSecretOptionHintShouldNameOnlyOptionsTheCommandHas() {
        Outcome jobDb = run("schedule", "--job-db-password", "x");
        Outcome jobsList = run("jobs", "list", "--password", "x");
        Outcome search = run("search", "--password", "x");
        Outcome oauth = run("backup", "--oauth-client-secret", "x");
        Outcome source = run("migrate", "--source-password", "x");
        Outcome capital = run("check", "--Password", "x");

        assertThat(jobDb.err()).contains("--job-db-password-file FILE").contains("--job-db-password-env VAR")
                .doesNotContain("--job-db-password-command").doesNotContain("asks at the terminal");
        assertThat(jobsList.err()).contains("there is no --password option").doesNotContain("--password-file")
                .contains("mailferry jobs list takes --job-db-password-env, --job-db-password-file");
        assertThat(search.err()).contains("there is no --password option").contains("mailferry search needs none")
                .doesNotContain("--password-file");
        assertThat(oauth.err()).contains("--oauth-client-secret-file FILE").contains("--oauth-client-secret-env VAR");
        assertThat(source.err()).contains("there is no --source-password option").contains("--password-file FILE");
        assertThat(capital.err()).contains("there is no --Password option").contains("--password-command CMD");
        for (Outcome o : List.of(jobDb, jobsList, search, oauth, source, capital)) {
            assertThat(o.code()).isEqualTo(2);
        }
    }

    @Test
    void aMisspelledLongOptionShouldSuggestTheOptionMeantInEveryCommand() {
        assertThat(run("backup", "--oauth-refreh-token-env", "X").err())
                .startsWith("mailferry: unknown option --oauth-refreh-token-env; did you mean --oauth-refresh-token-env?");
        assertThat(run("restore", "--smalle-than", "1MB").err()).contains("did you mean --smaller-than?");
        assertThat(run("migrate", "--target-oauth-reresh-token-file", "f").err())
                .contains("did you mean --target-oauth-refresh-token-file?");
        assertThat(run("jobs", "list", "--job-db-pasword-file", "f").err()).contains("did you mean --job-db-password-file?");
        assertThat(run("worker", "--metrcs-port", "1").err()).contains("did you mean --metrics-port?");
        assertThat(run("verify", "--aginst", "imaps://a@b").err()).contains("did you mean --against?");
        assertThat(run("shcedule").err()).contains("unknown command 'shcedule'; did you mean schedule?");
    }

    @Test
    void everyLongOptionOfEveryCommandShouldBeSuggestedWhenALetterIsMissing() {
        java.util.List<String> missed = new java.util.ArrayList<>();
        commands(new CommandLine(new MailferryCommand())).forEach(c -> {
            for (var option : c.getCommandSpec().options()) {
                String name = option.longestName();
                if (!name.startsWith("--") || name.length() < 6) {
                    continue;
                }
                int cut = name.length() / 2 + 1;
                String typo = name.substring(0, cut) + name.substring(cut + 1);
                String message = UsageErrors.unknown(c, List.of(typo, "x"));
                if (!message.equals("unknown option " + typo + "; did you mean " + name + "?")) {
                    missed.add(c.getCommandSpec().qualifiedName() + " " + typo + " -> " + message);
                }
            }
        });
        assertThat(missed).isEmpty();
    }

    private static java.util.stream.Stream<CommandLine> commands(CommandLine c) {
        java.util.stream.Stream<CommandLine> self = c.getParent() == null || c.getCommandName().equals("help")
                ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(c);
        return java.util.stream.Stream.concat(self, c.getSubcommands().values().stream().flatMap(CommandLineUsageTest::commands));
    }

    @Test
    void aUsageErrorFoundAfterParsingWithJsonShouldAlsoPrintAJsonErrorOnStdout() {
        Outcome address = run("backup", "--source", "alice@example.com", "--to", "maildir:" + state.resolve("a"),
                "--state-dir", state.toString(), "--json");
        Outcome noRun = run("jobs", "show", "999", "--state-dir", state.toString(), "--json");
        Outcome noArchive = run("verify", state.resolve("missing").toString(), "--json");

        for (Outcome o : List.of(address, noRun, noArchive)) {
            assertThat(o.code()).as(o.err()).isEqualTo(2);
            JsonNode json = Json.MAPPER.readTree(o.out());
            assertThat(json.path("schemaVersion").asInt()).isEqualTo(JsonDocument.SCHEMA_VERSION);
            assertThat(json.path("outcome").asString()).isEqualTo("usage-error");
            assertThat(json.path("exitCode").asInt()).isEqualTo(2);
            assertThat(o.out().split("schemaVersion", -1)).as("one JSON document").hasSize(2);
            assertThat("mailferry: " + json.path("error").asString()).isEqualTo(o.err().strip());
        }
        assertThat(address.out()).contains("is a mail address");
    }

    @Test
    void helpShouldFollowEveryWordToTheSubcommandNamed() {
        Outcome list = run("help", "jobs", "list");
        Outcome inner = run("jobs", "help", "restart");
        Outcome typo = run("help", "jobs", "lsit");
        Outcome top = run("help", "bakup");

        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("Usage: mailferry jobs list").contains("--limit");
        assertThat(inner.code()).isZero();
        assertThat(inner.out()).contains("Usage: mailferry jobs restart");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown command 'lsit'; did you mean list?").contains("Try 'mailferry jobs --help'.");
        assertThat(top.code()).isEqualTo(2);
        assertThat(top.err()).contains("unknown command 'bakup'; did you mean backup?").doesNotContain("mailferry mailferry");
    }

    @Test
    void aMissingJobDatabaseSecretShouldNameTheJobDatabaseOption() {
        Path missing = state.resolve("no-such-file");
        Outcome file = run("jobs", "list", "--job-db", "jdbc:postgresql://127.0.0.1:1/x", "--job-db-password-file",
                missing.toString(), "--state-dir", state.toString());
        Outcome env = run("jobs", "list", "--job-db", "jdbc:postgresql://127.0.0.1:1/x", "--job-db-password-env",
                "MAILFERRY_TEST_UNSET_VARIABLE", "--state-dir", state.toString());

        assertThat(file.code()).as(file.err()).isEqualTo(2);
        assertThat(file.err()).contains(missing + " does not exist (--job-db-password-file)");
        assertThat(env.code()).as(env.err()).isEqualTo(2);
        assertThat(env.err()).contains("(--job-db-password-env MAILFERRY_TEST_UNSET_VARIABLE)");
    }

    @Test
    void helpShouldFitItsWidthAndNeverCutAPathOrUrlInTwo() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (int width : new int[] {80, 55}) { // 55: the narrowest picocli renders
            CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            root.setUsageHelpAutoWidth(false);
            root.setUsageHelpWidth(width);
            commands(root).forEach(c -> {
                String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
                var spec = c.getCommandSpec();
                java.util.stream.Stream.concat(Arrays.stream(spec.usageMessage().footer()),
                        spec.options().stream().flatMap(o -> Arrays.stream(o.description())))
                        .flatMap(text -> Arrays.stream(text.split("\\s+")))
                        .map(word -> word.replaceAll("^[('\"]+|[),;:.'\"]+$", ""))
                        .filter(word -> word.matches(".*(://|/\\w|~/).*") && word.length() < width - 31)
                        .filter(word -> !help.contains(word))
                        .forEach(word -> problems.add(spec.qualifiedName() + " at " + width + ": '" + word + "' cut in two"));
                help.lines().filter(line -> line.length() > width)
                        .forEach(line -> problems.add(spec.qualifiedName() + " at " + width + ": too wide: " + line));
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void anArchiveThatDoesNotExistShouldBeAUsageErrorForEveryCommandReadingOne() {
        Path missing = state.resolve("no-such-archive");
        List<Outcome> outcomes = List.of(
                run("restore", "--from", "maildir:" + missing, "--target", "imaps://a@127.0.0.1:1", "--password-env", "PATH",
                        "--state-dir", state.toString()),
                run("restore", "--from", "mbox:" + missing, "--target", "imaps://a@127.0.0.1:1", "--password-env", "PATH",
                        "--state-dir", state.toString()),
                run("export", "--from", "maildir:" + missing, "--to", state.resolve("out.tar.gz").toString()),
                run("search", "maildir:" + missing, "--subject", "x"),
                run("verify", missing.toString()));

        for (Outcome o : outcomes) {
            assertThat(o.code()).as(o.err()).isEqualTo(2);
            assertThat(o.err()).contains(missing.toString()).doesNotContain("Exception");
        }
        assertThat(missing).doesNotExist();
        assertThat(state.resolve("out.tar.gz")).doesNotExist();
    }

    @Test
    void aValueOfTheWrongTypeShouldBeExplainedInPlainWords() {
        assertThat(run("jobs", "show", "abc").err()).startsWith("mailferry: ID must be a whole number, not 'abc'");
        assertThat(run("backup", "--connections", "many").err()).startsWith("mailferry: --connections takes a whole number, not 'many'");
        assertThat(run("migrate", "--max-messages-per-second", "fast").err())
                .startsWith("mailferry: --max-messages-per-second takes a number, not 'fast'");
    }
}
