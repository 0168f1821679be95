package org.mailferry.provider;

/** Who issues OAuth2 tokens for a provider's mailboxes; decides which {@code --oauth} flows make sense. */
public enum IdentityPlatform {
    /** Microsoft identity platform (Entra ID): device-code and client-credentials flows. */
    MICROSOFT,
    /** Google: refresh token or service account with domain-wide delegation. */
    GOOGLE,
    /** Unknown: only {@code --oauth-token-command} can supply a token. */
    UNKNOWN
}
