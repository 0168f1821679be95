package org.mailferry.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * An OAuth2 access token and the moment it stops working. {@link #toString()} never shows the
 * value, so a token logged by mistake stays secret.
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty access token");
        }
    }

    /** True when the token still works for at least {@code margin} after {@code now}. */
    public boolean validFor(Duration margin, Instant now) {
        return expiresAt.isAfter(now.plus(margin));
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
