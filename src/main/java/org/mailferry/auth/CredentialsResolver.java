package org.mailferry.auth;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.provider.IdentityPlatform;
import org.mailferry.provider.ProviderPreset;
import org.mailferry.provider.Providers;

/**
 * Turns the authentication options of one mailbox ({@link AuthChoice}) into {@link Credentials},
 * or a one-line usage error (exit code 2) for a combination that cannot work. Decides:
 * <ul>
 * <li>a password source ({@code --password-file/-env/-command}, at most one) gives
 *     {@link PasswordCredentials}; on a provider that refuses passwords (Exchange Online) with a
 *     warning on stderr;</li>
 * <li>{@code --oauth FLOW} or {@code --oauth-token-command} gives {@link OAuthCredentials}
 *     ({@link OAuthSourceFactory} checks the flow's own options);</li>
 * <li>nothing given: for Exchange Online the device-code sign-in saved in the token cache by an
 *     earlier run, else a usage error naming the OAuth options; for other servers a password
 *     prompt on a terminal, else a usage error.</li>
 * </ul>
 * Stateless apart from its collaborators; one per command run.
 */
public final class CredentialsResolver {

    private final OAuthHttp http;
    private final PrintWriter err;
    private final boolean interactive;

    /**
     * @param err         where warnings and the device-code prompt go
     * @param interactive whether a device-code sign-in may wait for a person (false for notifications)
     */
    public CredentialsResolver(OAuthHttp http, PrintWriter err, boolean interactive) {
        this.http = http;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * @param user     the mailbox user name (the XOAUTH2 user)
     * @param host     the server, for provider detection and messages
     * @param protocol IMAP or SMTP: decides the delegated Microsoft scope
     * @param stateDir where the default token cache lives ({@code STATE/oauth/})
     */
    public Credentials resolve(AuthChoice choice, String user, String host, MailProtocol protocol, Path stateDir) {
        ProviderPreset preset = Providers.choose(choice.provider(), host);
        Map<String, Object> passwords = choice.passwordOptions();
        Map<String, Object> oauthOptions = choice.oauthOptions();
        if (passwords.size() > 1) {
            throw usage("give only one of " + names(choice, passwords));
        }
        boolean oauth = choice.oauth() != null || !oauthOptions.isEmpty();
        if (!passwords.isEmpty() && oauth) {
            throw usage("choose a password (" + names(choice, passwords) + ") or OAuth2 (" + choice.option("oauth")
                    + " ...), not both");
        }
        if (!passwords.isEmpty()) {
            if (!preset.quirks().passwordLogin()) {
                err.println("WARNING: " + preset.displayName() + " refuses passwords and app passwords over "
                        + protocol + " (basic authentication is off): if the login fails, use " + choice.option("oauth")
                        + " device-code or client-credentials");
                err.flush();
            }
            return new PasswordCredentials(user, passwordSecret(choice));
        }
        OAuthSourceFactory factory = new OAuthSourceFactory(choice, user, preset, protocol, stateDir, http, err, interactive);
        if (oauth) {
            return new OAuthCredentials(user, factory.create());
        }
        if (preset.identity() == IdentityPlatform.MICROSOFT && !preset.quirks().passwordLogin()) {
            return new OAuthCredentials(user, factory.savedDeviceCodeSignIn().orElseThrow(() -> usage(preset.displayName()
                    + " refuses passwords (basic authentication is off): sign in once with " + choice.option("oauth")
                    + " device-code " + choice.option("oauth-client-id") + " ID (a person; the sign-in is saved for"
                    + " later runs) or use " + choice.option("oauth") + " client-credentials (an administrator)")));
        }
        if (PromptSecret.available()) {
            return new PasswordCredentials(user, new PromptSecret("Password for " + user + "@" + host + ": "));
        }
        throw usage("no password for " + user + "@" + host + ": give " + choice.option("password-file") + " FILE, "
                + choice.option("password-env") + " VAR or " + choice.option("password-command")
                + " CMD (no terminal to ask on), or OAuth2 with " + choice.option("oauth") + " FLOW");
    }

    private static Secret passwordSecret(AuthChoice choice) {
        if (choice.passwordFile() != null) {
            return new FileSecret(choice.passwordFile(), choice.option("password-file"));
        }
        if (choice.passwordEnv() != null) {
            return new EnvSecret(choice.passwordEnv(), choice.option("password-env"));
        }
        return new CommandSecret(choice.passwordCommand(), choice.option("password-command"));
    }

    static String names(AuthChoice choice, Map<String, Object> options) {
        return String.join(", ", options.keySet().stream().map(choice::option).toList());
    }

    static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
