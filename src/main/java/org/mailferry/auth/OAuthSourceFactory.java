package org.mailferry.auth;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailferry.provider.IdentityPlatform;
import org.mailferry.provider.ProviderPreset;

/**
 * Builds the {@link TokenSource} that {@code --oauth FLOW} or {@code --oauth-token-command}
 * names, after checking the flow's options: the ones it requires are there, no option of another
 * flow is given, and the flow belongs to the provider's identity platform. Usage errors name the
 * options with the choice's prefix. One per mailbox resolution.
 */
final class OAuthSourceFactory {

    private static final Map<OAuthFlow, Set<String>> ALLOWED = Map.of(
            OAuthFlow.DEVICE_CODE, Set.of("oauth-tenant", "oauth-client-id", "oauth-token-cache", "oauth-authority"),
            OAuthFlow.CLIENT_CREDENTIALS, Set.of("oauth-tenant", "oauth-client-id", "oauth-client-secret-env",
                    "oauth-client-secret-file", "oauth-certificate", "oauth-authority"),
            OAuthFlow.GOOGLE_REFRESH_TOKEN, Set.of("oauth-client-id", "oauth-client-secret-env", "oauth-client-secret-file",
                    "oauth-refresh-token-env", "oauth-refresh-token-file", "oauth-authority"),
            OAuthFlow.GOOGLE_SERVICE_ACCOUNT, Set.of("oauth-service-account-file", "oauth-authority"));

    private static final Set<String> SHARED_TENANTS = Set.of("organizations", "common", "consumers");

    private final AuthChoice choice;
    private final String user;
    private final ProviderPreset preset;
    private final MailProtocol protocol;
    private final Path stateDir;
    private final OAuthHttp http;
    private final PrintWriter err;
    private final boolean interactive;

    OAuthSourceFactory(AuthChoice choice, String user, ProviderPreset preset, MailProtocol protocol, Path stateDir,
                       OAuthHttp http, PrintWriter err, boolean interactive) {
        this.choice = choice;
        this.user = user;
        this.preset = preset;
        this.protocol = protocol;
        this.stateDir = stateDir;
        this.http = http;
        this.err = err;
        this.interactive = interactive;
    }

    TokenSource create() {
        if (choice.tokenCommand() != null) {
            return tokenCommand();
        }
        if (choice.oauth() == null) {
            // only --oauth-token-cache may stand alone: it names a saved device-code sign-in
            String first = choice.oauthOptions().keySet().iterator().next();
            Optional<TokenSource> saved = first.equals("oauth-token-cache") ? savedDeviceCodeSignIn() : Optional.empty();
            return saved.orElseThrow(() -> CredentialsResolver.usage(choice.option(first) + " needs "
                    + choice.option("oauth") + " FLOW (" + OAuthFlow.choices() + ")"));
        }
        OAuthFlow flow = OAuthFlow.parse(choice.oauth()).orElseThrow(() -> CredentialsResolver.usage("unknown "
                + choice.option("oauth") + " " + choice.oauth() + ": use " + OAuthFlow.choices()));
        checkOptions(flow);
        return switch (flow) {
            case DEVICE_CODE -> deviceCode();
            case CLIENT_CREDENTIALS -> clientCredentials();
            case GOOGLE_REFRESH_TOKEN -> googleRefreshToken();
            case GOOGLE_SERVICE_ACCOUNT -> googleServiceAccount();
        };
    }

    /** A device-code source for the application a token cache from an earlier sign-in names, if there is one. */
    Optional<TokenSource> savedDeviceCodeSignIn() {
        Path cache = tokenCachePath();
        return TokenCacheFile.storedIdentity(cache).map(id -> deviceCodeSource(id, cache));
    }

    private void checkOptions(OAuthFlow flow) {
        for (String given : choice.oauthOptions().keySet()) {
            if (!ALLOWED.get(flow).contains(given)) {
                throw CredentialsResolver.usage(choice.option(given) + " does not apply to " + choice.option("oauth")
                        + " " + flow.optionValue());
            }
        }
        if (preset.identity() != IdentityPlatform.UNKNOWN && preset.identity() != flow.platform()) {
            throw CredentialsResolver.usage(choice.option("oauth") + " " + flow.optionValue() + " is a "
                    + (flow.platform() == IdentityPlatform.MICROSOFT ? "Microsoft" : "Google") + " flow, but the server is "
                    + preset.displayName() + ": use " + flowsOf(preset.identity()));
        }
    }

    private TokenSource tokenCommand() {
        if (choice.oauth() != null) {
            throw CredentialsResolver.usage(choice.option("oauth-token-command") + " replaces " + choice.option("oauth")
                    + " FLOW: give only one of them");
        }
        Map<String, Object> others = new LinkedHashMap<>(choice.oauthOptions());
        others.remove("oauth-token-command");
        if (!others.isEmpty()) {
            throw CredentialsResolver.usage(choice.option("oauth-token-command") + " takes no other OAuth option (found "
                    + CredentialsResolver.names(choice, others) + ")");
        }
        return new CommandTokenSource(choice.tokenCommand(), choice.option("oauth-token-command"));
    }

    private TokenSource deviceCode() {
        Path cache = tokenCachePath();
        Optional<MicrosoftIdentity> saved = TokenCacheFile.storedIdentity(cache);
        String clientId = choice.clientId() != null ? choice.clientId() : saved.map(MicrosoftIdentity::clientId)
                .orElseThrow(() -> CredentialsResolver.usage(choice.option("oauth") + " device-code needs "
                        + choice.option("oauth-client-id") + " ID: the application (client) id of an app registration"
                        + " with the delegated permission IMAP.AccessAsUser.All and public client flows allowed"));
        String tenant = choice.tenant() != null ? choice.tenant()
                : saved.map(MicrosoftIdentity::tenant).orElse(MicrosoftIdentity.WORK_ACCOUNTS);
        URI authority = choice.authority() != null ? uri(choice.authority())
                : saved.map(MicrosoftIdentity::authorityHost).orElse(MicrosoftIdentity.PUBLIC_CLOUD);
        return deviceCodeSource(new MicrosoftIdentity(authority, tenant, clientId), cache);
    }

    private TokenSource deviceCodeSource(MicrosoftIdentity id, Path cache) {
        return new MicrosoftDeviceCodeTokenSource(id, OAuthScopes.microsoftDelegated(protocol), user,
                new TokenCacheFile(cache, id), err, interactive, http);
    }

    private TokenSource clientCredentials() {
        String tenant = require("oauth-tenant", choice.tenant(), "the directory (tenant) id or domain of the mailboxes");
        if (SHARED_TENANTS.contains(tenant.toLowerCase(Locale.ROOT))) {
            throw CredentialsResolver.usage(choice.option("oauth") + " client-credentials needs the mailboxes' own tenant"
                    + " in " + choice.option("oauth-tenant") + " (a directory id or domain), not " + tenant);
        }
        String clientId = require("oauth-client-id", choice.clientId(), "the application (client) id");
        String proof = oneOf(List.of("oauth-client-secret-env", "oauth-client-secret-file", "oauth-certificate"),
                "the app's secret or certificate");
        MicrosoftAppCredential credential = proof.equals("oauth-certificate")
                ? MicrosoftAppCredential.ofCertificate(choice.certificate()) : MicrosoftAppCredential.ofSecret(clientSecret());
        URI authority = choice.authority() != null ? uri(choice.authority()) : MicrosoftIdentity.PUBLIC_CLOUD;
        return new MicrosoftClientCredentialsTokenSource(new MicrosoftIdentity(authority, tenant, clientId), credential,
                choice.option("oauth-certificate"), http);
    }

    private TokenSource googleRefreshToken() {
        String clientId = require("oauth-client-id", choice.clientId(), "the OAuth client id the refresh token was issued to");
        oneOf(List.of("oauth-client-secret-env", "oauth-client-secret-file"), "the OAuth client's secret");
        String which = oneOf(List.of("oauth-refresh-token-env", "oauth-refresh-token-file"), "the refresh token");
        Secret refresh = which.equals("oauth-refresh-token-env")
                ? new EnvSecret(choice.refreshTokenEnv(), choice.option(which))
                : new FileSecret(choice.refreshTokenFile(), choice.option(which));
        URI endpoint = choice.authority() != null ? uri(choice.authority()) : GoogleRefreshTokenSource.GOOGLE_TOKEN_ENDPOINT;
        return new GoogleRefreshTokenSource(endpoint, clientId, clientSecret(), refresh, http);
    }

    private TokenSource googleServiceAccount() {
        require("oauth-service-account-file", choice.serviceAccountFile(), "the service account's JSON key file");
        return new GoogleServiceAccountTokenSource(choice.serviceAccountFile(), choice.option("oauth-service-account-file"),
                user, choice.authority() != null ? uri(choice.authority()) : null, http);
    }

    private Secret clientSecret() {
        return choice.clientSecretEnv() != null
                ? new EnvSecret(choice.clientSecretEnv(), choice.option("oauth-client-secret-env"))
                : new FileSecret(choice.clientSecretFile(), choice.option("oauth-client-secret-file"));
    }

    /** {@code STATE/oauth/<user>.json} unless {@code --oauth-token-cache} names another file. */
    private Path tokenCachePath() {
        if (choice.tokenCache() != null) {
            return choice.tokenCache().toAbsolutePath();
        }
        return stateDir.resolve("oauth").resolve(user.replaceAll("[^A-Za-z0-9@._+-]", "_") + ".json");
    }

    private <T> T require(String option, T value, String what) {
        if (value == null) {
            throw CredentialsResolver.usage(choice.option("oauth") + " " + choice.oauth() + " needs "
                    + choice.option(option) + ": " + what);
        }
        return value;
    }

    /** The one option of {@code options} that is given; a usage error when none or several are. */
    private String oneOf(List<String> options, String what) {
        List<String> given = options.stream().filter(choice.oauthOptions()::containsKey).toList();
        if (given.size() != 1) {
            throw CredentialsResolver.usage(choice.option("oauth") + " " + choice.oauth() + " needs exactly one of "
                    + String.join(", ", options.stream().map(choice::option).toList()) + " (" + what + ")");
        }
        return given.get(0);
    }

    private URI uri(String text) {
        try {
            URI u = URI.create(text);
            if (!"https".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalArgumentException("not https");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw CredentialsResolver.usage(choice.option("oauth-authority") + " " + text + " is not an https:// URL");
        }
    }

    private String flowsOf(IdentityPlatform platform) {
        return choice.option("oauth") + " " + String.join(" or ", Arrays.stream(OAuthFlow.values())
                .filter(f -> f.platform() == platform).map(OAuthFlow::optionValue).toList())
                + ", or " + choice.option("oauth-token-command");
    }
}
