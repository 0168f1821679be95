package org.mailferry.auth;

/**
 * Where OAuth2 access tokens come from (an identity provider flow or a command). Implementations
 * may cache, but {@link #fetch()} must return a token that is valid for the next few minutes;
 * {@link OAuthCredentials} decides when to ask.
 */
public interface TokenSource {

    /** A token for the next login; a {@code MailferryException} (exit code 10, 11 or 2) with the cause otherwise. */
    AccessToken fetch();

    /** The flow and its non-secret settings, for messages: never a secret. */
    String describe();
}
