package org.mailferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests, the shell scripts and the corpus tool agree on where this checkout's test servers live. */
class TestServerDirsTest {

    @TempDir
    Path other;

    @Test
    void theScriptsAndTheCorpusToolShouldComputeTheSameDirectoriesAsTheTests() throws Exception {
        Path root = TestServerDirs.projectRoot();
        Path servers = TestServerDirs.serversDir(root);

        String shell = output(root, "bash", "-c", ". scripts/test-dirs.sh; echo \"$MAILFERRY_TEST_DIR $MAILFERRY_TEST_PG_DIR\"");
        String python = output(root, "python3", "-c", "import importlib.util as u; s = u.spec_from_file_location('c',"
                + " 'scripts/make-corpus.py'); m = u.module_from_spec(s); s.loader.exec_module(m); print(m.default_test_dir())");

        assertThat(shell).isEqualTo(servers.resolve("imap") + " " + servers.resolve("postgres"));
        assertThat(python).isEqualTo(servers.resolve("imap").toString());
        assertThat(servers.toString()).as("short enough for Dovecot's unix sockets").hasSizeLessThan(40)
                .matches("/tmp/mailferry-[0-9a-f]{8}");
    }

    @Test
    void anotherCheckoutShouldGetAnotherDirectory() {
        assertThat(TestServerDirs.serversDir(other)).isNotEqualTo(TestServerDirs.serversDir(TestServerDirs.projectRoot()));
    }

    /** Runs {@code cmd} in {@code dir} without the override variables; its stdout, stripped. */
    private static String output(Path dir, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("MAILFERRY_TEST_DIR");
        pb.environment().remove("MAILFERRY_TEST_PG_DIR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
