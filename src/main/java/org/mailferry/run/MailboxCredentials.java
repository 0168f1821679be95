package org.mailferry.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailferry.auth.AuthChoice;
import org.mailferry.auth.Credentials;
import org.mailferry.auth.CredentialsResolver;
import org.mailferry.auth.MailProtocol;
import org.mailferry.auth.OAuthHttp;
import org.mailferry.auth.PromptSecret;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;

/** The credentials a store's authentication choice gives, in the process that runs the copy. Stateless. */
public final class MailboxCredentials {

    private MailboxCredentials() {
    }

    /**
     * Credentials for an IMAP mailbox; {@code null} for an archive, where no option may be given. A
     * device-code sign-in waits for a person only when a terminal is attached: a scheduled run
     * without a saved sign-in fails at once with the fix instead of waiting 15 minutes.
     */
    public static Credentials of(AuthChoice choice, StoreUri uri, Path stateDir, PrintWriter err) {
        if (!uri.isImap()) {
            if (choice != null && !choice.isEmpty()) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "password and OAuth options ("
                        + choice.optionPrefix() + "password-*, " + choice.optionPrefix() + "oauth*) are for IMAP mailboxes,"
                        + " not for " + uri.describe());
            }
            return null;
        }
        return of(choice, uri.user(), uri.host(), MailProtocol.IMAP, PromptSecret.available(), stateDir, err);
    }

    /** @param interactive whether a device-code sign-in may wait for a person (not for a notification) */
    public static Credentials of(AuthChoice choice, String user, String host, MailProtocol protocol,
                                 boolean interactive, Path stateDir, PrintWriter err) {
        return new CredentialsResolver(OAuthHttp.defaults(), err, interactive).resolve(choice, user, host, protocol,
                stateDir);
    }
}
