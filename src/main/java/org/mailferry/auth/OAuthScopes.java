package org.mailferry.auth;

import java.util.Set;

/**
 * The OAuth2 scopes mailferry asks for (PROTOCOL.md). MSAL adds {@code openid profile
 * offline_access} to delegated requests itself; {@code offline_access} is what yields the refresh
 * token kept in the token cache.
 */
public final class OAuthScopes {

    /** A person's mailbox over IMAP (device-code). */
    public static final String MICROSOFT_IMAP = "https://outlook.office.com/IMAP.AccessAsUser.All";
    /** A person's mailbox sending over SMTP (device-code). */
    public static final String MICROSOFT_SMTP = "https://outlook.office.com/SMTP.Send";
    /** App-only access (client credentials): the permissions granted to the app (IMAP.AccessAsApp, SMTP.SendAsApp). */
    public static final String MICROSOFT_APP_ONLY = "https://outlook.office365.com/.default";
    /** Gmail over IMAP and SMTP. */
    public static final String GOOGLE_MAIL = "https://mail.google.com/";

    private OAuthScopes() {
    }

    /** The delegated Microsoft scope for a protocol. */
    public static Set<String> microsoftDelegated(MailProtocol protocol) {
        return Set.of(protocol == MailProtocol.SMTP ? MICROSOFT_SMTP : MICROSOFT_IMAP);
    }
}
