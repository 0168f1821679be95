package org.mailferry.auth;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * App-only tokens by the client-credentials grant (through MSAL): for an administrator reaching
 * many mailboxes with one app registration that holds {@code IMAP.AccessAsApp}, a service
 * principal and {@code FullAccess} on each mailbox. The same token works for every mailbox of the
 * tenant; the mailbox is named by the XOAUTH2 user. A new MSAL application (with an empty cache)
 * per request, so every token is new and a rotated secret or certificate is read afresh.
 * Stateless and thread-safe.
 */
public final class MicrosoftClientCredentialsTokenSource implements TokenSource {

    private final MicrosoftIdentity identity;
    private final MicrosoftAppCredential credential;
    private final String certificateOption;
    private final OAuthHttp http;

    public MicrosoftClientCredentialsTokenSource(MicrosoftIdentity identity, MicrosoftAppCredential credential,
                                                 String certificateOption, OAuthHttp http) {
        this.identity = identity;
        this.credential = credential;
        this.certificateOption = certificateOption;
        this.http = http;
    }

    @Override
    public AccessToken fetch() {
        var app = MsalApplications.confidentialClient(identity, credential.toMsal(certificateOption), http);
        try {
            IAuthenticationResult r = app.acquireToken(
                    ClientCredentialParameters.builder(Set.of(OAuthScopes.MICROSOFT_APP_ONLY)).build()).join();
            return new AccessToken(r.accessToken(), r.expiresOnDate().toInstant());
        } catch (CompletionException e) {
            throw MsalErrors.translate(e, "client-credentials token for app " + identity.clientId(), identity);
        }
    }

    @Override
    public String describe() {
        return "--oauth client-credentials (app " + identity.clientId() + ", tenant " + identity.tenant() + ", "
                + credential.describe(certificateOption) + ")";
    }
}
