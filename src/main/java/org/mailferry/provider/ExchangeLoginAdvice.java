package org.mailferry.provider;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Login refusals of Exchange Online (Microsoft 365), by the text Exchange answers (PROTOCOL.md):
 * basic authentication is off for IMAP, so a password always fails with a bare
 * {@code AUTHENTICATE failed}; a token without rights on the mailbox gives
 * {@code User is authenticated but not connected}; authenticated SMTP may be disabled per tenant.
 */
final class ExchangeLoginAdvice implements LoginAdvice {

    private static final Set<String> PERSONAL_DOMAINS = Set.of("outlook.com", "hotmail.com", "live.com", "msn.com",
            "outlook.de", "outlook.fr", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "live.co.uk");

    @Override
    public Optional<String> explain(String serverText, String user, Method method) {
        String text = serverText == null ? "" : serverText.toLowerCase(Locale.ROOT);
        if (text.contains("authenticated but not connected")) {
            return Optional.of("Exchange accepted the sign-in but gives it no access to the mailbox " + user
                    + ": for app-only access (client-credentials) the app's service principal needs IMAP.AccessAsApp"
                    + " with admin consent and FullAccess on this mailbox (Add-MailboxPermission); for a person, the"
                    + " user name must be the mailbox's address and IMAP must be enabled for it (Set-CASMailbox -ImapEnabled $true)");
        }
        if (text.contains("smtpclientauthentication is disabled") || text.contains("smtp client authentication")) {
            return Optional.of("authenticated SMTP is disabled for this mailbox or tenant: an administrator must enable it"
                    + " (Set-CASMailbox " + user + " -SmtpClientAuthenticationDisabled $false), or use another SMTP server");
        }
        if (method == Method.PASSWORD) {
            return Optional.of("Exchange Online refuses passwords and app passwords over IMAP and SMTP (basic"
                    + " authentication is off since October 2022): sign in with OAuth2, --oauth device-code"
                    + " --oauth-client-id ID (a person) or --oauth client-credentials (an administrator)" + personalHint(user));
        }
        return Optional.of("Exchange refused the OAuth2 token for " + user + ": the user name must be the full work address"
                + " the token was issued for, the app needs IMAP.AccessAsUser.All (a person) or IMAP.AccessAsApp"
                + " (app-only) with consent, and IMAP must be enabled for the mailbox" + personalHint(user));
    }

    private static String personalHint(String user) {
        int at = user == null ? -1 : user.lastIndexOf('@');
        String domain = at < 0 ? "" : user.substring(at + 1).toLowerCase(Locale.ROOT);
        return PERSONAL_DOMAINS.contains(domain)
                ? "; " + user + " is a personal Microsoft account: sign in with --oauth-tenant consumers" : "";
    }
}
