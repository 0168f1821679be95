package org.mailferry.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailferry.auth.AuthChoice;
import org.mailferry.auth.Credentials;
import org.mailferry.auth.MailProtocol;
import picocli.CommandLine.Option;

/**
 * How the (source) mailbox authenticates: a password or app password from a file, an environment
 * variable or a command (else a prompt on a terminal), or OAuth2 with XOAUTH2, plus
 * {@code --provider}. Secrets are never argument values: only where to find them. Replaces
 * {@code PasswordOptions} with the same {@code --password-*} semantics; {@link TargetAuthOptions}
 * is the same set with a {@code --target-} prefix. Validation happens in {@link #credentials}.
 */
public final class AuthOptions extends MailboxAuthOptions {

    @Option(names = "--provider", paramLabel = "NAME", description = "office365, gmail or generic (default: detected from the host name). Fills in the server, limits and login advice.")
    String provider;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password (or app password) from the first line of FILE (keep it chmod 600).")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from environment variable VAR.")
    String passwordEnv;

    @Option(names = "--password-command", paramLabel = "CMD", description = "Run CMD (sh -c) and use the first line it prints, e.g. \"pass show mail/alice\".")
    String passwordCommand;

    @Option(names = "--oauth", paramLabel = "FLOW", description = "Log in with OAuth2 (XOAUTH2): device-code (Microsoft, a person at a terminal), client-credentials (Microsoft, app-only), google-refresh-token, google-service-account.")
    String oauth;

    @Option(names = "--oauth-tenant", paramLabel = "TENANT", description = "Microsoft directory (tenant) id or domain; device-code default: organizations (work accounts), consumers for personal accounts.")
    String tenant;

    @Option(names = "--oauth-client-id", paramLabel = "ID", description = "Application (client) id of the app registration (Microsoft) or OAuth client (Google).")
    String clientId;

    @Option(names = "--oauth-client-secret-env", paramLabel = "VAR", description = "Client secret in environment variable VAR.")
    String clientSecretEnv;

    @Option(names = "--oauth-client-secret-file", paramLabel = "FILE", description = "Client secret on the first line of FILE.")
    Path clientSecretFile;

    @Option(names = "--oauth-certificate", paramLabel = "FILE", description = "client-credentials: PEM with the app's certificate and its unencrypted PKCS#8 private key.")
    Path certificate;

    @Option(names = "--oauth-refresh-token-env", paramLabel = "VAR", description = "google-refresh-token: the refresh token in environment variable VAR.")
    String refreshTokenEnv;

    @Option(names = "--oauth-refresh-token-file", paramLabel = "FILE", description = "google-refresh-token: the refresh token on the first line of FILE.")
    Path refreshTokenFile;

    @Option(names = "--oauth-service-account-file", paramLabel = "FILE", description = "google-service-account: the service account's JSON key (domain-wide delegation for https://mail.google.com/).")
    Path serviceAccountFile;

    @Option(names = "--oauth-token-command", paramLabel = "CMD", description = "Run CMD (sh -c) before every login; the first line it prints is the access token.")
    String tokenCommand;

    @Option(names = "--oauth-token-cache", paramLabel = "FILE", description = "device-code: where the sign-in is kept for later runs (mode 0600). Default: STATE/oauth/USER.json.")
    Path tokenCache;

    @Option(names = "--oauth-authority", paramLabel = "URL", description = "Another identity provider endpoint: the Microsoft authority host of a national cloud (e.g. https://login.microsoftonline.us/), or Google's token endpoint.")
    String authority;

    @Override
    AuthChoice choice() {
        return new AuthChoice("--", provider, passwordFile, passwordEnv, passwordCommand, oauth, tenant, clientId,
                clientSecretEnv, clientSecretFile, certificate, refreshTokenEnv, refreshTokenFile, serviceAccountFile,
                tokenCommand, tokenCache, authority);
    }

    /**
     * Credentials for another server of the same account: an SMTP server ({@code check smtp://…},
     * notifications). {@code interactive} false: a device-code sign-in fails instead of waiting.
     */
    public Credentials credentials(String user, String host, MailProtocol protocol, boolean interactive, Path stateDir,
                                   PrintWriter err) {
        return MailboxAuth.credentials(choice(), user, host, protocol, interactive, stateDir, err);
    }
}
