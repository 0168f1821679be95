package org.mailferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refresh rule: a token is reused while it has more than the margin to live, then fetched anew. */
class OAuthCredentialsTest {

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Hands out token-1, token-2, … each valid for one hour from the clock's now. */
    private static final class HourlyTokens implements TokenSource {
        final MovingClock clock;
        final List<Instant> fetches = new ArrayList<>();

        HourlyTokens(MovingClock clock) {
            this.clock = clock;
        }

        @Override
        public AccessToken fetch() {
            fetches.add(clock.now);
            return new AccessToken("token-" + fetches.size(), clock.now.plus(Duration.ofHours(1)));
        }

        @Override
        public String describe() {
            return "hourly test tokens";
        }
    }

    @Test
    void secretForLoginShouldRefreshOnlyWhenTheTokenIsAboutToExpire() {
        MovingClock clock = new MovingClock();
        HourlyTokens tokens = new HourlyTokens(clock);
        OAuthCredentials credentials = new OAuthCredentials("alice@company.com", tokens, clock);

        assertThat(credentials.secretForLogin()).isEqualTo("token-1");
        clock.now = clock.now.plus(Duration.ofMinutes(54));
        assertThat(credentials.secretForLogin()).isEqualTo("token-1");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(credentials.secretForLogin()).isEqualTo("token-2");
        clock.now = clock.now.plus(Duration.ofHours(7));
        assertThat(credentials.secretForLogin()).isEqualTo("token-3");

        assertThat(tokens.fetches).hasSize(3);
        assertThat(credentials.mechanisms()).isEqualTo("XOAUTH2");
        assertThat(credentials.describe()).isEqualTo("OAuth2 token from hourly test tokens");
    }

    @Test
    void anAccessTokenShouldNeverPrintItsValue() {
        assertThat(new AccessToken("eyJ0eXAi.secret", Instant.EPOCH).toString()).doesNotContain("secret");
    }
}
