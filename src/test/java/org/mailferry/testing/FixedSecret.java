package org.mailferry.testing;

import org.mailferry.auth.Secret;

/** A secret for tests against scripted servers, which take any password. */
public record FixedSecret(String value) implements Secret {

    @Override
    public char[] reveal() {
        return value.toCharArray();
    }

    @Override
    public String describe() {
        return "test password";
    }
}
