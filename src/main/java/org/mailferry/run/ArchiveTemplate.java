package org.mailferry.run;

import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import org.mailferry.util.SafeText;

/**
 * The archive of each account of a many-account backup: {@code --to 'maildir:/srv/backups/{user}'}
 * with {@code {user}} (the login, e.g. {@code alice@company.com}), {@code {domain}} (the part after
 * its last {@code @}, else the host) and {@code {host}} (the IMAP server). A value that would climb
 * out of the directory ({@code /}, {@code ..}, a control character) is refused. Stateless.
 */
public final class ArchiveTemplate {

    private ArchiveTemplate() {
    }

    /** Whether {@code template} names a placeholder, so that accounts get archives of their own. */
    public static boolean isPerAccount(String template) {
        return template.contains("{user}");
    }

    public static String expand(String template, StoreUri source) {
        String user = source.user();
        int at = user.lastIndexOf('@');
        String domain = at >= 0 ? user.substring(at + 1) : source.host();
        return template.replace("{user}", safe("{user}", user, source))
                .replace("{domain}", safe("{domain}", domain, source))
                .replace("{host}", safe("{host}", source.host(), source));
    }

    private static String safe(String placeholder, String value, StoreUri source) {
        boolean control = value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        if (value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..") || control) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, placeholder + " of "
                    + SafeText.escape(source.describe()) + " cannot name a directory ('" + SafeText.escape(value) + "')");
        }
        return value;
    }
}
