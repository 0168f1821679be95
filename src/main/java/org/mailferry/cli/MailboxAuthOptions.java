package org.mailferry.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mailferry.auth.AuthChoice;
import org.mailferry.auth.Credentials;
import org.mailferry.provider.ProviderPreset;
import org.mailferry.store.StoreUri;

/**
 * What a mailbox's authentication options answer, whatever their names ({@link AuthOptions} for
 * the source, {@link TargetAuthOptions} for the target): each subclass only declares its picocli
 * options and gathers them into an {@link AuthChoice}; the logic is {@link MailboxAuth}'s.
 */
abstract class MailboxAuthOptions {

    /** The options given, with the prefix their names share ("--" or "--target-"). */
    abstract AuthChoice choice();

    /** The mailbox URI completed by the provider option (e.g. {@code imaps://alice@company.com} for office365). */
    public StoreUri complete(StoreUri uri) {
        return MailboxAuth.complete(choice(), uri);
    }

    /** The preset of the mailbox's provider: named by the provider option, else detected from the URI's host. */
    public ProviderPreset provider(StoreUri uri) {
        return provider(uri.host());
    }

    /** The provider preset for a server of the mailbox: named by the provider option, else detected from {@code host}. */
    public ProviderPreset provider(String host) {
        return MailboxAuth.provider(choice(), host);
    }

    /**
     * Credentials for the mailbox {@code uri}, checked against the options given: a one-line usage
     * error for a combination that cannot work, a warning on {@code err} for a password to a
     * provider that refuses passwords. {@code null} for an archive URI (with no option given).
     */
    public Credentials credentials(StoreUri uri, Path stateDir, PrintWriter err) {
        return MailboxAuth.credentials(choice(), uri, stateDir, err);
    }
}
