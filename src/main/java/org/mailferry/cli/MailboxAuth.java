package org.mailferry.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailferry.auth.AuthChoice;
import org.mailferry.auth.CredentialsResolver;
import org.mailferry.auth.Credentials;
import org.mailferry.auth.MailProtocol;
import org.mailferry.auth.OAuthHttp;
import org.mailferry.auth.PromptSecret;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.provider.ProviderPreset;
import org.mailferry.provider.Providers;
import org.mailferry.store.StoreUri;

/**
 * What {@link AuthOptions} and {@link TargetAuthOptions} share once their options are read into an
 * {@link AuthChoice}: the provider preset of a mailbox, its URI completed by the preset, and its
 * credentials. Stateless.
 */
final class MailboxAuth {

    private MailboxAuth() {
    }

    static ProviderPreset provider(AuthChoice choice, String host) {
        return Providers.choose(choice.provider(), host);
    }

    /** The URI as given, or completed with the named provider's server ({@link Providers#completeImapUri}). */
    static StoreUri complete(AuthChoice choice, StoreUri uri) {
        if (!uri.isImap() || choice.provider() == null) {
            return uri;
        }
        return Providers.completeImapUri(uri, Providers.named(choice.provider()), true);
    }

    /**
     * Credentials for an IMAP mailbox; {@code null} for an archive, where no option may be given. A
     * device-code sign-in waits for a person only when a terminal is attached: a scheduled run
     * without a saved sign-in fails at once with the fix instead of waiting 15 minutes.
     */
    static Credentials credentials(AuthChoice choice, StoreUri uri, Path stateDir, PrintWriter err) {
        if (!uri.isImap()) {
            if (!choice.isEmpty()) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "password and OAuth options ("
                        + choice.optionPrefix() + "password-*, " + choice.optionPrefix() + "oauth*) are for IMAP mailboxes,"
                        + " not for " + uri.describe());
            }
            return null;
        }
        return credentials(choice, uri.user(), uri.host(), MailProtocol.IMAP, PromptSecret.available(), stateDir, err);
    }

    /** @param interactive whether a device-code sign-in may wait for a person (not for a notification) */
    static Credentials credentials(AuthChoice choice, String user, String host, MailProtocol protocol,
                                   boolean interactive, Path stateDir, PrintWriter err) {
        return new CredentialsResolver(OAuthHttp.defaults(), err, interactive).resolve(choice, user, host, protocol,
                stateDir);
    }
}
