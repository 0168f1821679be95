package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.InProcessCli;
import org.mailferry.testing.InProcessCli.Result;
import org.mailferry.testing.ScriptedMailboxServer;

/**
 * A target that refuses one APPEND (issue 18, item 5): restore and migrate report it with its
 * UID and exit 3; the next run sends it again (it is below the UID the ledger handled) and, once
 * the target accepts it, ends exact with nothing twice.
 */
class RefusedAppendRetryTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"restore", "migrate"})
    void aMessageTheTargetRefusedShouldBeSentAgainByTheNextRun(String verb) throws Exception {
        List<byte[]> messages = List.of(message("one"), message("two"), message("three"));
        try (ScriptedMailboxServer source = new ScriptedMailboxServer('.', "((\"\" \".\")) NIL NIL");
             ScriptedMailboxServer target = new ScriptedMailboxServer('.', "((\"\" \".\")) NIL NIL")) {
            source.folder("INBOX", messages.toArray(byte[][]::new));
            String from = uri(source);
            if (verb.equals("restore")) {
                from = "maildir:" + tmp.resolve("archive");
                Result backup = mailferry("backup", "--source", uri(source), "--to", from);
                assertThat(backup.exitCode()).as(backup.toString()).isZero();
            }
            String[] run = verb.equals("restore") ? new String[] {"restore", "--from", from, "--target", uri(target)}
                    : new String[] {"migrate", "--source", from, "--target", uri(target)};
            target.refuseAppendOf(m -> new String(m, StandardCharsets.UTF_8).contains("Subject: two"));

            Result refused = mailferry(run);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.out()).contains("skipped: INBOX: UID 2: the target refused it");
            assertThat(target.messages("INBOX")).hasSize(2);

            target.refuseAppendOf(m -> false);
            Result in = mailferry(run);
            assertThat(in.exitCode()).as(in.toString()).isZero();
            assertThat(in.out()).contains("tried again 1 messages skipped by earlier runs").doesNotContain("skipped: ");
            assertThat(bodies(target)).containsExactlyInAnyOrder("one", "two", "three");

            Result again = mailferry(run);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(bodies(target)).as("nothing twice").hasSize(3);
        }
    }

    private List<String> bodies(ScriptedMailboxServer target) {
        List<String> out = new ArrayList<>();
        target.messages("INBOX").forEach(m -> {
            String text = new String(m.body(), StandardCharsets.UTF_8);
            out.add(text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: "))));
        });
        return out;
    }

    private Result mailferry(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", tmp.resolve("state").toString(), "--password-file",
                InProcessCli.passwordFile(tmp, "secret").toString(), "--no-progress",
                "--insecure")); // a plain scripted server: clear text allowed on purpose
        if (args[0].equals("migrate")) {
            all.addAll(List.of("--target-password-file", InProcessCli.passwordFile(tmp, "secret").toString()));
        }
        return InProcessCli.run(all);
    }

    private static String uri(ScriptedMailboxServer server) {
        return "imap://alice@127.0.0.1:" + server.port() + "?starttls=none";
    }

    private static byte[] message(String subject) {
        return ("From: a@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@example.org>\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
