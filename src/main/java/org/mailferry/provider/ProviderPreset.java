package org.mailferry.provider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailferry.store.SpecialUse;

/**
 * What mailferry knows about one mail provider: its servers, limits, quirks, special-folder
 * names, identity platform and how to explain its login refusals. Immutable; the presets are
 * in {@link Providers}.
 *
 * @param name        the {@code --provider} value: {@code office365}, {@code gmail}, {@code generic}
 * @param displayName for messages
 * @param hosts       host names that identify the provider (IMAP and SMTP), lower case
 * @param imap        the IMAP server, or {@code null} when unknown (generic)
 * @param smtp        the submission server for notifications, or {@code null} when unknown
 * @param folderNames the usual names of special folders (English); LIST's special-use attributes win
 */
public record ProviderPreset(String name, String displayName, List<String> hosts, ServerSettings imap,
                             ServerSettings smtp, IdentityPlatform identity, ProviderLimits limits,
                             ProviderQuirks quirks, Map<SpecialUse, String> folderNames, LoginAdvice loginAdvice) {

    public ProviderPreset {
        hosts = List.copyOf(hosts);
        folderNames = Map.copyOf(folderNames);
    }

    /** True when {@code host} is one of this provider's servers. */
    public boolean servesHost(String host) {
        return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The cause and fix of a login refusal, when this provider has something specific to say. */
    public Optional<String> explainLoginFailure(String serverText, String user, LoginAdvice.Method method) {
        return loginAdvice.explain(serverText, user, method);
    }
}
