package org.mailferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;

/**
 * A backup without a password option, on a real terminal (tmux): the password prompt stands
 * alone on the screen, the progress bar only comes after the answer, and its clock starts then
 * (the time spent typing is not in it). Skipped where tmux is not installed (CI installs it).
 */
class PasswordPromptTerminalTest {

    private static final String USER = TestImapServer.user(26);
    private static final long WAIT_AT_PROMPT_MILLIS = 5_000;

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void promptShouldComeBeforeTheBarAndTheClockShouldStartAfterIt() throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed");
        server.resetUser(USER);
        server.fillCorpus(USER, "demo", 75);
        Path classpath = work.resolve("classpath");
        Files.writeString(classpath, System.getProperty("java.class.path"));
        Path script = work.resolve("backup.sh");
        Files.writeString(script, String.join("\n",
                "export MAILFERRY_STATE_DIR='" + work.resolve("state") + "'",
                "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx256m -cp \"$(cat '" + classpath
                        + "')\" org.mailferry.cli.Main backup --source imaps://" + USER + "@" + server.host() + ":"
                        + server.imapsPort() + " --to 'maildir:" + work.resolve("archive") + "' --trust-cert '"
                        + server.cert() + "' --connections 1",
                "echo \"exit code $?\"",
                "sleep 600", ""));

        try (Terminal t = new Terminal("mailferry-prompt-" + ProcessHandle.current().pid(), "bash " + script)) {
            t.await("Password for " + USER + "@");
            Thread.sleep(WAIT_AT_PROMPT_MILLIS); // the old bar was drawn before the prompt and kept its clock running
            String atPrompt = t.screen();
            assertThat(atPrompt).as(atPrompt).doesNotContain("backup").doesNotContain("%").doesNotContain(" msg");

            t.type(server.password(USER), "Enter");
            t.await("exit code");
            String end = t.screen();

            assertThat(end).as(end).contains("exit code 0").contains("backup complete").doesNotContain("/ ?");
            Matcher bar = Pattern.compile("backup\\s+100% .*\\((\\d+):(\\d\\d):(\\d\\d)\\)").matcher(end);
            assertThat(bar.find()).as("a finished bar with its elapsed time:\n" + end).isTrue();
            long elapsed = Duration.ofHours(Long.parseLong(bar.group(1))).plusMinutes(Long.parseLong(bar.group(2)))
                    .plusSeconds(Long.parseLong(bar.group(3))).toMillis();
            assertThat(elapsed).as("the clock started after the password was typed:\n" + end)
                    .isLessThan(WAIT_AT_PROMPT_MILLIS);
            assertThat(end.indexOf("Password for")).as("the prompt is above the bar").isLessThan(bar.start());
        }
    }

    private static boolean tmuxInstalled() {
        try {
            return Program.run(Map.of(), Duration.ofSeconds(10), "tmux", "-V").exitCode() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
