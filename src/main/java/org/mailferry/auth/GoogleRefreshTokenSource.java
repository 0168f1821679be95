package org.mailferry.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gmail tokens from a refresh token the user obtained once for an OAuth client of theirs (scope
 * {@code https://mail.google.com/}): the refresh-token grant at Google's token endpoint. The
 * client secret and the refresh token are {@link Secret}s, read afresh for every request.
 * Stateless and thread-safe.
 */
public final class GoogleRefreshTokenSource implements TokenSource {

    public static final URI GOOGLE_TOKEN_ENDPOINT = URI.create("https://oauth2.googleapis.com/token");

    private final TokenEndpoint endpoint;
    private final String clientId;
    private final Secret clientSecret;
    private final Secret refreshToken;

    public GoogleRefreshTokenSource(URI tokenEndpoint, String clientId, Secret clientSecret, Secret refreshToken,
                                    OAuthHttp http) {
        this.endpoint = new TokenEndpoint(tokenEndpoint, http);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
    }

    @Override
    public AccessToken fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", clientId);
        form.put("client_secret", new String(clientSecret.reveal()));
        form.put("refresh_token", new String(refreshToken.reveal()));
        return endpoint.requestToken(form, "Google refresh token");
    }

    @Override
    public String describe() {
        return "--oauth google-refresh-token (client " + clientId + ", refresh token from " + refreshToken.describe() + ")";
    }
}
