package org.mailferry.auth;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * Gmail tokens for any mailbox of a Google Workspace domain through a service account with
 * domain-wide delegation: a JWT signed with the account's key ({@link JwtBearerAssertion}) names
 * the mailbox as subject and is exchanged at the key file's {@code token_uri} (or the given
 * endpoint). The key file is read for every request. Stateless and thread-safe.
 */
public final class GoogleServiceAccountTokenSource implements TokenSource {

    private final Path keyFile;
    private final String option;
    private final String mailbox;
    private final java.net.URI endpointOverride;
    private final OAuthHttp http;

    /** @param endpointOverride the token endpoint to use instead of the key file's {@code token_uri}, or null */
    public GoogleServiceAccountTokenSource(Path keyFile, String option, String mailbox, java.net.URI endpointOverride,
                                           OAuthHttp http) {
        this.keyFile = keyFile;
        this.option = option;
        this.mailbox = mailbox;
        this.endpointOverride = endpointOverride;
        this.http = http;
    }

    @Override
    public AccessToken fetch() {
        GoogleServiceAccountKey key = GoogleServiceAccountKey.read(keyFile, option);
        TokenEndpoint endpoint = new TokenEndpoint(endpointOverride != null ? endpointOverride : key.tokenUri(), http);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        try {
            form.put("assertion", JwtBearerAssertion.sign(key, mailbox, OAuthScopes.GOOGLE_MAIL, Instant.now()));
        } catch (GeneralSecurityException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, option + " " + keyFile
                    + ": cannot sign with the service account key (" + e.getMessage() + ")", e);
        }
        return endpoint.requestToken(form, "service account token for " + mailbox);
    }

    @Override
    public String describe() {
        return "--oauth google-service-account (" + option + " " + keyFile + ", on behalf of " + mailbox + ")";
    }
}
