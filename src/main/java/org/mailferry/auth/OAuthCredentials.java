package org.mailferry.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * XOAUTH2 credentials: the user name plus an access token from a {@link TokenSource}. The token
 * is kept while it is valid for more than {@link #REFRESH_MARGIN} and fetched anew otherwise, so
 * every login of a long run (a new pooled connection, a reconnect after BYE) presents a token
 * that has minutes to live. Thread-safe: parallel connections share one token and one refresh.
 */
public final class OAuthCredentials implements Credentials {

    /** A token expiring sooner than this is refreshed before a login. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final String user;
    private final TokenSource source;
    private final Clock clock;
    private AccessToken current;

    public OAuthCredentials(String user, TokenSource source) {
        this(user, source, Clock.systemUTC());
    }

    OAuthCredentials(String user, TokenSource source, Clock clock) {
        this.user = user;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String mechanisms() {
        return "XOAUTH2";
    }

    @Override
    public synchronized String secretForLogin() {
        if (current == null || !current.validFor(REFRESH_MARGIN, clock.instant())) {
            current = source.fetch();
        }
        return current.value();
    }

    @Override
    public String describe() {
        return "OAuth2 token from " + source.describe();
    }

    @Override
    public String toString() {
        return "OAuthCredentials[" + user + ", " + source.describe() + "]";
    }
}
