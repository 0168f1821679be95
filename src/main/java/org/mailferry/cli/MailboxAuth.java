package org.mailferry.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailferry.auth.AuthChoice;
import org.mailferry.auth.Credentials;
import org.mailferry.auth.MailProtocol;
import org.mailferry.provider.ProviderPreset;
import org.mailferry.provider.Providers;
import org.mailferry.run.MailboxCredentials;
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

    static Credentials credentials(AuthChoice choice, StoreUri uri, Path stateDir, PrintWriter err) {
        return MailboxCredentials.of(choice, uri, stateDir, err);
    }

    /** @param interactive whether a device-code sign-in may wait for a person (not for a notification) */
    static Credentials credentials(AuthChoice choice, String user, String host, MailProtocol protocol,
                                   boolean interactive, Path stateDir, PrintWriter err) {
        return MailboxCredentials.of(choice, user, host, protocol, interactive, stateDir, err);
    }
}
