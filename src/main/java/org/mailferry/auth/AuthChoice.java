package org.mailferry.auth;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authentication options of one mailbox as given on the command line, before validation:
 * plain data, null where not given. {@code optionPrefix} is how the options are spelled
 * ({@code "--"} for the source, {@code "--target-"} for a migration target, {@code "--smtp-"} for
 * the notification server), so {@link CredentialsResolver} names them right in messages.
 * Secrets appear only as references (variable names, files, commands), never as values.
 */
public record AuthChoice(String optionPrefix, String provider,
                         Path passwordFile, String passwordEnv, String passwordCommand,
                         String oauth, String tenant, String clientId,
                         String clientSecretEnv, Path clientSecretFile, Path certificate,
                         String refreshTokenEnv, Path refreshTokenFile, Path serviceAccountFile,
                         String tokenCommand, Path tokenCache, String authority) {

    /** Only a password source (the notification's {@code --smtp-password-*}). */
    public static AuthChoice password(String optionPrefix, Path file, String env, String command) {
        return new AuthChoice(optionPrefix, null, file, env, command, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /**
     * This choice without any secret source: no password file, variable or command, no client
     * secret, certificate, refresh token, service-account key, token command or token cache. What
     * is left (provider, OAuth flow, tenant, client id, authority) names the login, not where its
     * secret is: that is what a job database may hold.
     */
    public AuthChoice withoutSecretSources() {
        return new AuthChoice(optionPrefix, provider, null, null, null, oauth, tenant, clientId, null, null, null, null,
                null, null, null, null, authority);
    }

    /** Whether this choice names a secret source (a password or OAuth secret, a token cache); a device-code sign-in needs none. */
    public boolean hasSecretSource() {
        return !withoutSecretSources().equals(this);
    }

    /**
     * The login of {@code recorded} (provider, OAuth flow, tenant, client id, authority, where
     * this choice leaves them out) with the secret sources of this choice: how a fleet worker
     * completes a plan from the job database with secrets from its own configuration.
     */
    public AuthChoice withLoginOf(AuthChoice recorded) {
        if (recorded == null) {
            return this;
        }
        return new AuthChoice(recorded.optionPrefix, provider != null ? provider : recorded.provider, passwordFile,
                passwordEnv, passwordCommand, oauth != null ? oauth : recorded.oauth, tenant != null ? tenant : recorded.tenant,
                clientId != null ? clientId : recorded.clientId, clientSecretEnv, clientSecretFile, certificate,
                refreshTokenEnv, refreshTokenFile, serviceAccountFile, tokenCommand, tokenCache,
                authority != null ? authority : recorded.authority);
    }

    /** The option name with this choice's prefix: {@code option("oauth-tenant")} is {@code --target-oauth-tenant}. */
    public String option(String name) {
        return optionPrefix + name;
    }

    /** The password options given, by option name. */
    Map<String, Object> passwordOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "password-file", passwordFile);
        put(m, "password-env", passwordEnv);
        put(m, "password-command", passwordCommand);
        return m;
    }

    /** The {@code --oauth-*} options given (not {@code --oauth} itself), by option name. */
    Map<String, Object> oauthOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "oauth-tenant", tenant);
        put(m, "oauth-client-id", clientId);
        put(m, "oauth-client-secret-env", clientSecretEnv);
        put(m, "oauth-client-secret-file", clientSecretFile);
        put(m, "oauth-certificate", certificate);
        put(m, "oauth-refresh-token-env", refreshTokenEnv);
        put(m, "oauth-refresh-token-file", refreshTokenFile);
        put(m, "oauth-service-account-file", serviceAccountFile);
        put(m, "oauth-token-command", tokenCommand);
        put(m, "oauth-token-cache", tokenCache);
        put(m, "oauth-authority", authority);
        return m;
    }

    /** True when no authentication option at all was given (the provider alone does not count). */
    public boolean isEmpty() {
        return passwordOptions().isEmpty() && oauthOptions().isEmpty() && oauth == null;
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }
}
