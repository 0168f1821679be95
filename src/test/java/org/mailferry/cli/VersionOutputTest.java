package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code mailferry --version}: what a bug report needs to say which build ran where. */
class VersionOutputTest {

    @Test
    void versionShouldNameVersionCommitBuildTimeJavaAndOs() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "--version");

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("mailferry " + pomVersion());

        Matcher commit = Pattern.compile("commit (\\S+), built (\\S+)").matcher(lines.get(1));
        assertThat(commit.matches()).as(lines.get(1)).isTrue();
        String head = git("rev-parse", "--short=7", "HEAD");
        if (head != null) {
            assertThat(commit.group(1)).as("the checkout's commit, '-modified' if built with changes").startsWith(head);
        } else {
            assertThat(commit.group(1)).isEqualTo("unknown");
        }
        assertThat(Instant.parse(commit.group(2))).isBefore(Instant.now());

        assertThat(lines.get(2)).isEqualTo("Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ") in "
                + System.getProperty("java.home"));
        assertThat(lines.get(3)).startsWith(System.getProperty("os.name") + " ").endsWith(" " + System.getProperty("os.arch"));
    }

    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>mailferry</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The output of a git command in this checkout, or null when this is no git checkout. */
    private static String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null; // no git installed
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? text : null;
    }
}
