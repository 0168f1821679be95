package org.mailferry.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mailferry.auth.EnvSecret;
import org.mailferry.error.MailferryException;

class EnvironmentVariablesTest {

    @Test
    void getShouldReadTheProcessEnvironmentOutsideAScope() {
        assertThat(System.getenv("PATH")).isNotNull();
        assertThat(EnvironmentVariables.get("PATH")).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void duringShouldReplaceTheWholeEnvironmentForTheCallerAndTheThreadsItStartsThenRestoreIt() throws Exception {
        AtomicReference<String> inThread = new AtomicReference<>();
        String inside = EnvironmentVariables.during(Map.of("MF_TEST_VAR", "outer"), () -> {
            Thread t = new Thread(() -> inThread.set(EnvironmentVariables.get("MF_TEST_VAR")));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(EnvironmentVariables.get("PATH")).as("only the given variables").isNull();
            String nested = EnvironmentVariables.during(Map.of("MF_TEST_VAR", "inner"), () -> EnvironmentVariables.get("MF_TEST_VAR"));
            assertThat(nested).isEqualTo("inner");
            return EnvironmentVariables.get("MF_TEST_VAR");
        });

        assertThat(inside).as("restored after a nested scope").isEqualTo("outer");
        assertThat(inThread.get()).isEqualTo("outer");
        assertThat(EnvironmentVariables.get("MF_TEST_VAR")).isNull();
        assertThat(EnvironmentVariables.get("PATH")).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void anEnvSecretShouldRevealTheScopedVariableAndNameItWhenMissing() {
        EnvSecret secret = new EnvSecret("MF_TEST_PASSWORD");
        char[] revealed = EnvironmentVariables.during(Map.of("MF_TEST_PASSWORD", "s3cret"), secret::reveal);
        assertThat(new String(revealed)).isEqualTo("s3cret");

        assertThatThrownBy(() -> EnvironmentVariables.during(Map.of(), secret::reveal))
                .isInstanceOf(MailferryException.class)
                .hasMessage("environment variable MF_TEST_PASSWORD is not set or empty (--password-env MF_TEST_PASSWORD)");
    }
}
