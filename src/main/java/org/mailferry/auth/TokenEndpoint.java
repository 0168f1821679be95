package org.mailferry.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An OAuth2 token endpoint (RFC 6749 section 3.2) spoken to directly: a form POST, a JSON answer
 * with {@code access_token} and {@code expires_in}, or an {@code error} that
 * {@link OAuthErrorAdvice} explains. Used for Google, which MSAL does not cover. Never logs or
 * returns the form (it holds secrets). Thread-safe.
 */
final class TokenEndpoint {

    private final URI uri;
    private final OAuthHttp http;
    private final HttpClient client;

    /** Refuses (exit 2) any endpoint but {@code https://}: the form holds a secret or a signed assertion. */
    TokenEndpoint(URI uri, OAuthHttp http) {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "the token endpoint " + uri
                    + " is not an https:// URL: the grant (a client secret, refresh token or signed assertion) would"
                    + " cross the network in clear; nothing was sent");
        }
        this.uri = uri;
        this.http = http;
        this.client = HttpClient.newBuilder().sslContext(http.sslContext()).connectTimeout(http.timeout()).build();
    }

    URI uri() {
        return uri;
    }

    /** POSTs the grant; {@code what} names it in failures ("Google refresh token"). */
    AccessToken requestToken(Map<String, String> form, String what) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(http.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.CONNECT, "cannot reach the token endpoint "
                    + uri.getHost() + " for the " + what + ": " + e + "; check the network (and a proxy)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERRUPTED, "interrupted while asking for a token");
        }
        JsonNode json = parse(response.body());
        String token = json.path("access_token").asString("");
        if (response.statusCode() / 100 != 2 || token.isEmpty()) {
            String error = json.path("error").asString("http_" + response.statusCode());
            String description = json.path("error_description").asString("");
            throw new MailferryException(FailureScope.STORE, ExitCode.AUTH, "the " + what + " was refused by "
                    + uri.getHost() + ": " + OAuthErrorAdvice.explain(error, description, what));
        }
        long expiresIn = json.path("expires_in").asLong(3600);
        return new AccessToken(token, Instant.now().plusSeconds(expiresIn));
    }

    private static JsonNode parse(String body) {
        try {
            return Json.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
