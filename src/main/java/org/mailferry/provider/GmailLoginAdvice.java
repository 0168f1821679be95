package org.mailferry.provider;

import java.util.Locale;
import java.util.Optional;

/**
 * Login refusals of Gmail and Google Workspace, by the text Google answers: app password
 * required with 2-Step Verification, IMAP disabled, a browser sign-in demanded, or a token
 * without the {@code https://mail.google.com/} scope.
 */
final class GmailLoginAdvice implements LoginAdvice {

    @Override
    public Optional<String> explain(String serverText, String user, Method method) {
        String text = serverText == null ? "" : serverText.toLowerCase(Locale.ROOT);
        if (text.contains("application-specific password required")) {
            return Optional.of("Google wants an app password for " + user + " (2-Step Verification is on): create one at"
                    + " https://myaccount.google.com/apppasswords and give it with --password-file, --password-env or"
                    + " --password-command, or use OAuth2 (--oauth google-refresh-token)");
        }
        if (text.contains("not enabled for imap") || text.contains("imap access is disabled")) {
            return Optional.of("IMAP is switched off for " + user + ": enable it in Gmail settings (Forwarding and POP/IMAP);"
                    + " in Google Workspace an administrator must allow IMAP");
        }
        if (text.contains("web browser") || text.contains("webloginrequired")) {
            return Optional.of("Google wants a sign-in in a web browser first (the login looked unusual): sign in at"
                    + " https://accounts.google.com from this network once, or use OAuth2");
        }
        if (method == Method.OAUTH) {
            return Optional.of("Google refused the OAuth2 token for " + user + ": it needs the scope https://mail.google.com/;"
                    + " for a service account, domain-wide delegation must allow that scope for its client id, and the"
                    + " user name must be the mailbox address");
        }
        return Optional.of("Google refused the user name or password for " + user + ": Gmail takes an app password"
                + " (with 2-Step Verification) or OAuth2, not the normal Google password");
    }
}
