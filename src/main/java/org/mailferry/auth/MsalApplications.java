package org.mailferry.auth;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.PublicClientApplication;
import java.net.MalformedURLException;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * Builds MSAL applications with mailferry's settings: the authority of a
 * {@link MicrosoftIdentity}, the HTTPS trust and timeouts of {@link OAuthHttp}, no personal data
 * in MSAL's logs. Another authority host than the public cloud (a national cloud, a test) is used
 * as given, without instance discovery.
 */
final class MsalApplications {

    private MsalApplications() {
    }

    static PublicClientApplication publicClient(MicrosoftIdentity id, OAuthHttp http, ITokenCacheAccessAspect cache) {
        try {
            return configure(PublicClientApplication.builder(id.clientId()), id, http)
                    .setTokenCacheAccessAspect(cache).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw badAuthority(id, e);
        }
    }

    static ConfidentialClientApplication confidentialClient(MicrosoftIdentity id, IClientCredential credential,
                                                            OAuthHttp http) {
        try {
            return configure(ConfidentialClientApplication.builder(id.clientId(), credential), id, http).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw badAuthority(id, e);
        }
    }

    private static <T extends AbstractClientApplicationBase.Builder<T>> T configure(T builder, MicrosoftIdentity id,
                                                                                     OAuthHttp http)
            throws MalformedURLException {
        int millis = (int) http.timeout().toMillis();
        builder.authority(id.authorityUrl())
                .sslSocketFactory(http.sslContext().getSocketFactory())
                .connectTimeoutForDefaultHttpClient(millis)
                .readTimeoutForDefaultHttpClient(millis)
                .logPii(false);
        if (!id.isPublicCloud()) {
            builder.instanceDiscovery(false).validateAuthority(false);
        }
        return builder;
    }

    private static MailferryException badAuthority(MicrosoftIdentity id, Exception e) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, "invalid Microsoft authority "
                + id.authorityUrl() + " (" + e.getMessage() + "): check --oauth-authority and --oauth-tenant", e);
    }
}
