package org.mailferry.auth;

/**
 * Where a secret (password, app password, token) comes from. {@link #describe()} names the
 * source for messages and reports, never the value. Implementations read the value afresh on
 * every {@link #reveal()} so a rotated password file or a token command is honoured on reconnect.
 */
public interface Secret {

    /** The secret value; callers keep it no longer than a login needs. */
    char[] reveal();

    /** The option that names it, e.g. {@code --password-env MAILFERRY_PASSWORD}; never the value. */
    String describe();
}
