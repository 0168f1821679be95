package org.mailferry.auth;

import com.microsoft.aad.msal4j.DeviceCode;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegated tokens for a person's mailbox by the Microsoft device-code flow (RFC 8628, through
 * MSAL). The first run prints a verification URL and a code on stderr and waits for the sign-in
 * in a browser, on any device; MSAL keeps the refresh token in the {@link TokenCacheFile}, so
 * later runs (and every later login of this run) refresh silently; a cached token with less than
 * {@link OAuthCredentials#REFRESH_MARGIN} to live is refreshed. When the saved sign-in is no
 * longer accepted, it signs in again interactively if allowed, otherwise fails with the fix.
 * Thread-safe (calls are serialised by {@link OAuthCredentials}).
 */
public final class MicrosoftDeviceCodeTokenSource implements TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(MicrosoftDeviceCodeTokenSource.class);

    private final MicrosoftIdentity identity;
    private final Set<String> scopes;
    private final String mailbox;
    private final TokenCacheFile cache;
    private final PrintWriter prompt;
    private final boolean interactive;
    private final PublicClientApplication app;

    /**
     * @param mailbox     the mailbox address, named in the prompt and compared with the account that signs in
     * @param prompt      where the verification URL and code go (stderr)
     * @param interactive false for runs nobody watches (a notification): fail instead of waiting for a sign-in
     */
    public MicrosoftDeviceCodeTokenSource(MicrosoftIdentity identity, Set<String> scopes, String mailbox,
                                          TokenCacheFile cache, PrintWriter prompt, boolean interactive, OAuthHttp http) {
        this.identity = identity;
        this.scopes = Set.copyOf(scopes);
        this.mailbox = mailbox;
        this.cache = cache;
        this.prompt = prompt;
        this.interactive = interactive;
        this.app = MsalApplications.publicClient(identity, http, cache);
    }

    @Override
    public AccessToken fetch() {
        IAccount account = savedAccount();
        if (account != null) {
            try {
                AccessToken cached = silently(account, false);
                return cached.validFor(OAuthCredentials.REFRESH_MARGIN, Instant.now()) ? cached : silently(account, true);
            } catch (CompletionException e) {
                if (!needsNewSignIn(e.getCause())) {
                    throw MsalErrors.translate(e, "refreshing the sign-in of " + mailbox, identity);
                }
                LOG.warn("the saved sign-in for {} is no longer accepted: {}", mailbox,
                        MsalErrors.translate(e, "refresh", identity).getMessage());
            } catch (MalformedURLException e) {
                throw MsalErrors.translate(e, "refreshing the sign-in of " + mailbox, identity);
            }
        }
        if (!interactive) {
            throw new MailferryException(FailureScope.STORE, ExitCode.AUTH, "no valid sign-in for " + mailbox + " in "
                    + cache.file() + " and no terminal to sign in on: sign in once at a terminal (mailferry check"
                    + " imaps://" + mailbox + "@outlook.office365.com --oauth device-code --oauth-client-id ID);"
                    + " later runs use the saved sign-in");
        }
        return signIn();
    }

    /** MSAL's cached token, or with {@code refresh} a new one from the refresh token. */
    private AccessToken silently(IAccount account, boolean refresh) throws MalformedURLException {
        // the authority as configured: MSAL would otherwise rebuild it from the account's host, without a port
        SilentParameters silent = SilentParameters.builder(scopes, account).authorityUrl(identity.authorityUrl())
                .forceRefresh(refresh).build();
        return toToken(app.acquireTokenSilently(silent).join());
    }

    private AccessToken signIn() {
        try {
            IAuthenticationResult result = app.acquireToken(DeviceCodeFlowParameters.builder(scopes, this::show).build())
                    .join();
            String who = result.account() == null ? null : result.account().username();
            if (who != null && !who.equalsIgnoreCase(mailbox)) {
                LOG.warn("signed in as {} for mailbox {}: this works only if {} has access to that mailbox", who, mailbox, who);
            }
            return toToken(result);
        } catch (CompletionException e) {
            throw MsalErrors.translate(e, "device-code sign-in for " + mailbox, identity);
        }
    }

    private void show(DeviceCode code) {
        prompt.println("To sign in to " + mailbox + ", open " + code.verificationUri() + " and enter the code "
                + code.userCode() + " (within " + Math.max(1, code.expiresIn() / 60) + " minutes).");
        prompt.flush();
    }

    private IAccount savedAccount() {
        try {
            Set<IAccount> accounts = app.getAccounts().join();
            return accounts.stream().filter(a -> mailbox.equalsIgnoreCase(a.username())).findFirst()
                    .orElse(accounts.stream().findFirst().orElse(null));
        } catch (CompletionException e) {
            throw MsalErrors.translate(e, "reading the saved sign-in of " + mailbox, identity);
        }
    }

    /** The refresh token is gone, expired, revoked or lacks consent for these scopes. */
    private static boolean needsNewSignIn(Throwable cause) {
        return cause instanceof MsalInteractionRequiredException
                || cause instanceof MsalServiceException s && "invalid_grant".equals(s.errorCode())
                || cause instanceof MsalClientException c && "cache_miss".equals(c.errorCode());
    }

    private static AccessToken toToken(IAuthenticationResult r) {
        return new AccessToken(r.accessToken(), r.expiresOnDate().toInstant());
    }

    @Override
    public String describe() {
        return "--oauth device-code (app " + identity.clientId() + ", tenant " + identity.tenant() + ", token cache "
                + cache.file() + ")";
    }
}
