package org.mailferry.auth;

import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.EnvironmentVariables;

/**
 * A secret in an environment variable, named by {@code option} ({@code --password-env VAR},
 * {@code --oauth-client-secret-env VAR}, ...).
 */
public record EnvSecret(String variable, String option) implements Secret {

    /** A password in {@code --password-env VAR}. */
    public EnvSecret(String variable) {
        this(variable, "--password-env");
    }

    @Override
    public char[] reveal() {
        String v = EnvironmentVariables.get(variable);
        if (v == null || v.isEmpty()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "environment variable " + variable + " is not set or empty (" + describe() + ")");
        }
        return v.toCharArray();
    }

    @Override
    public void checkAvailable() {
        java.util.Arrays.fill(reveal(), '\0');
    }

    @Override
    public String describe() {
        return option + " " + variable;
    }
}
