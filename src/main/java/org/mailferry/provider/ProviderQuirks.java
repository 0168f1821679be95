package org.mailferry.provider;

import java.util.Set;

/**
 * How a provider's IMAP server differs from what a generic client assumes.
 *
 * @param passwordLogin        the server accepts passwords or app passwords (Exchange Online: no)
 * @param keywordsStorable     keywords ($Label1, custom flags) can be stored (no {@code \*} in PERMANENTFLAGS on Exchange)
 * @param missingExtensions    extensions the provider is known not to offer, whatever it advertises pre-login
 * @param labelsAsFolders      a message appears once per label (Gmail): the same message in several folders
 * @param rewritesMessages     messages are stored re-rendered, not byte for byte (Exchange Online builds
 *                             MIME from its own store): what was appended cannot be read back unchanged
 */
public record ProviderQuirks(boolean passwordLogin, boolean keywordsStorable, Set<String> missingExtensions,
                             boolean labelsAsFolders, boolean rewritesMessages) {

    public static final ProviderQuirks NONE = new ProviderQuirks(true, true, Set.of(), false, false);

    public ProviderQuirks {
        missingExtensions = Set.copyOf(missingExtensions);
    }
}
