package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.imaps;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/** {@code --dry-run} of a migrate: the real sizes, and a JSON plan with {@code --json}. */
class DryRunEndToEndTest {

    private static final String SOURCE = TestImapServer.user(68);
    private static final String TARGET = TestImapServer.user(69);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void aMigrateDryRunShouldCountTheRealSizesAndPrintAJsonPlan() throws Exception {
        server.resetUser(SOURCE);
        server.resetUser(TARGET);
        server.fillCorpus(SOURCE, "bench", 681, "--messages", "30", "--megabytes", "1");
        ImapSnapshot source = ImapSnapshot.take(server, SOURCE);
        long bytes = source.messages().stream().mapToLong(ImapSnapshot.SnapshotMessage::size).sum();
        MailferryCli cli = E2eSupport.cli(work);
        List<String> both = List.of("--password-file", server.passwordFile(SOURCE).toString(), "--target-password-file",
                server.passwordFile(TARGET).toString(), "--trust-cert", server.cert().toString());

        MailferryCli.Result text = cli.run(args("migrate", "--source", imaps(server, SOURCE), "--target",
                imaps(server, TARGET), both, "--dry-run"));
        MailferryCli.Result json = cli.run(args("migrate", "--source", imaps(server, SOURCE), "--target",
                imaps(server, TARGET), both, "--dry-run", "--json"));

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("(?m)^total\\s+\\d+ folders\\s+" + source.messages().size() + "\\s+"
                + java.util.regex.Pattern.quote(String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6)) + "$");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode plan = Json.MAPPER.readTree(json.out());
        assertThat(plan.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(plan.path("dryRun").asBoolean()).isTrue();
        assertThat(plan.path("totals").path("messages").asLong()).isEqualTo(source.messages().size());
        assertThat(plan.path("totals").path("bytes").asLong()).isEqualTo(bytes);
        assertThat(ImapSnapshot.take(server, TARGET).messages()).as("a dry run changes nothing").isEmpty();
    }
}
