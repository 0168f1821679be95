package org.mailferry.cli;

import java.nio.file.Path;
import org.mailferry.auth.AuthChoice;
import picocli.CommandLine.Option;

/**
 * {@link AuthOptions} for the second mailbox of a migration: every option with a {@code --target-}
 * prefix ({@code --target-password-file}, {@code --target-oauth client-credentials}, ...), the
 * same validation and messages naming the prefixed options. Picocli cannot rename a mixin's
 * options, so the fields are repeated; the logic is shared in {@link MailboxAuth}.
 */
public final class TargetAuthOptions extends MailboxAuthOptions {

    @Option(names = "--target-provider", paramLabel = "NAME", description = "office365, gmail or generic for the target (default: detected from the host name).")
    String provider;

    @Option(names = "--target-password-file", paramLabel = "FILE", description = "Target: Read the password (or app password) from the first line of FILE (keep it chmod 600).")
    Path passwordFile;

    @Option(names = "--target-password-env", paramLabel = "VAR", description = "Target: Read the password from environment variable VAR.")
    String passwordEnv;

    @Option(names = "--target-password-command", paramLabel = "CMD", description = "Target: Run CMD (sh -c) and use the first line it prints, e.g. \"pass show mail/alice\".")
    String passwordCommand;

    @Option(names = "--target-oauth", paramLabel = "FLOW", description = "Target: Log in with OAuth2 (XOAUTH2): device-code (Microsoft, a person at a terminal), client-credentials (Microsoft, app-only), google-refresh-token, google-service-account.")
    String oauth;

    @Option(names = "--target-oauth-tenant", paramLabel = "TENANT", description = "Target: Microsoft directory (tenant) id or domain; device-code default: organizations (work accounts), consumers for personal accounts.")
    String tenant;

    @Option(names = "--target-oauth-client-id", paramLabel = "ID", description = "Target: Application (client) id of the app registration (Microsoft) or OAuth client (Google).")
    String clientId;

    @Option(names = "--target-oauth-client-secret-env", paramLabel = "VAR", description = "Target: Client secret in environment variable VAR.")
    String clientSecretEnv;

    @Option(names = "--target-oauth-client-secret-file", paramLabel = "FILE", description = "Target: Client secret on the first line of FILE.")
    Path clientSecretFile;

    @Option(names = "--target-oauth-certificate", paramLabel = "FILE", description = "Target: client-credentials: PEM with the app's certificate and its unencrypted PKCS#8 private key.")
    Path certificate;

    @Option(names = "--target-oauth-refresh-token-env", paramLabel = "VAR", description = "Target: google-refresh-token: the refresh token in environment variable VAR.")
    String refreshTokenEnv;

    @Option(names = "--target-oauth-refresh-token-file", paramLabel = "FILE", description = "Target: google-refresh-token: the refresh token on the first line of FILE.")
    Path refreshTokenFile;

    @Option(names = "--target-oauth-service-account-file", paramLabel = "FILE", description = "Target: google-service-account: the service account's JSON key (domain-wide delegation for https://mail.google.com/).")
    Path serviceAccountFile;

    @Option(names = "--target-oauth-token-command", paramLabel = "CMD", description = "Target: Run CMD (sh -c) before every login; the first line it prints is the access token.")
    String tokenCommand;

    @Option(names = "--target-oauth-token-cache", paramLabel = "FILE", description = "Target: device-code: where the sign-in is kept for later runs (mode 0600). Default: STATE/oauth/USER.json.")
    Path tokenCache;

    @Option(names = "--target-oauth-authority", paramLabel = "URL", description = "Target: Another identity provider endpoint: the Microsoft authority host of a national cloud (e.g. https://login.microsoftonline.us/), or Google's token endpoint.")
    String authority;

    @Override
    AuthChoice choice() {
        return new AuthChoice("--target-", provider, passwordFile, passwordEnv, passwordCommand, oauth, tenant, clientId,
                clientSecretEnv, clientSecretFile, certificate, refreshTokenEnv, refreshTokenFile, serviceAccountFile,
                tokenCommand, tokenCache, authority);
    }
}
