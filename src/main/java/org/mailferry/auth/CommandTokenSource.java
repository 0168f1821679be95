package org.mailferry.auth;

import java.time.Instant;

/**
 * Tokens printed by a command ({@code --oauth-token-command CMD}): the first line it prints is
 * the access token. Its lifetime is unknown, so the command runs again for every login; it is
 * expected to cache and refresh by itself (like {@code oama} or {@code mutt_oauth2.py}).
 */
public final class CommandTokenSource implements TokenSource {

    private final CommandSecret command;

    public CommandTokenSource(String command, String option) {
        this.command = new CommandSecret(command, option);
    }

    @Override
    public AccessToken fetch() {
        return new AccessToken(new String(command.reveal()), Instant.now());
    }

    @Override
    public String describe() {
        return command.describe();
    }
}
