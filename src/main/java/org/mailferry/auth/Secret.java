package org.mailferry.auth;

/**
 * Where a secret (password, app password, token) comes from. {@link #describe()} names the
 * source for messages and reports, never the value. Implementations read the value afresh on
 * every {@link #reveal()} so a rotated password file or a token command is honoured on reconnect.
 */
public interface Secret {

    /** The secret value; callers keep it no longer than a login needs. */
    char[] reveal();

    /**
     * Fails now, with the message a login would give, when the secret cannot be had (a missing or
     * unreadable file, an unset variable), so a run that cannot log in is refused before it is
     * recorded or writes anything; asks at the terminal now (once), before any progress output.
     * Runs no command.
     */
    default void checkAvailable() {
    }

    /** The option that names it, e.g. {@code --password-env MAILFERRY_PASSWORD}; never the value. */
    String describe();
}
