package org.mailferry.auth;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How mailferry talks HTTPS to identity providers: the trust (the JDK's authorities unless a test
 * or a TLS-inspecting proxy needs another) and the timeout of each request.
 */
public record OAuthHttp(SSLContext sslContext, Duration timeout) {

    public static OAuthHttp defaults() {
        try {
            return new OAuthHttp(SSLContext.getDefault(), Duration.ofSeconds(30));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
