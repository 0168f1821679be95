package org.mailferry.auth;

import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/** A secret in an environment variable ({@code --password-env VAR}). */
public record EnvSecret(String variable) implements Secret {

    @Override
    public char[] reveal() {
        String v = System.getenv(variable);
        if (v == null || v.isEmpty()) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "environment variable " + variable + " is not set or empty (--password-env " + variable + ")");
        }
        return v.toCharArray();
    }

    @Override
    public String describe() {
        return "--password-env " + variable;
    }
}
