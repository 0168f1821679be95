package org.mailferry.provider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.SpecialUse;
import org.mailferry.store.StoreUri;
import org.mailferry.store.StoreUri.Security;

/**
 * The provider presets and how one is chosen: by {@code --provider NAME} or from the server's
 * host name. Figures are from ../shared/PROTOCOL.md; where a provider publishes none, the value
 * is mailferry's conservative choice (said so in the comment).
 */
public final class Providers {

    private static final long MB = 1_000_000L;

    /** Exchange Online (Microsoft 365, Outlook.com). */
    public static final ProviderPreset OFFICE365 = new ProviderPreset("office365", "Microsoft 365 (Exchange Online)",
            List.of("outlook.office365.com", "outlook.office.com", "smtp.office365.com", "smtp-mail.outlook.com",
                    "imap-mail.outlook.com"),
            new ServerSettings("outlook.office365.com", 993, Security.IMPLICIT_TLS),
            new ServerSettings("smtp.office365.com", 587, Security.STARTTLS),
            IdentityPlatform.MICROSOFT,
            // APPEND limit ~45 MB by default (PROTOCOL.md); no published connection cap per mailbox:
            // 4 parallel connections stay clear of throttling, 8 is mailferry's ceiling
            new ProviderLimits(45 * MB, 4, 8, 0, 0),
            new ProviderQuirks(false, false, Set.of("CONDSTORE", "QRESYNC", "COMPRESS=DEFLATE", "MULTIAPPEND"), false,
                    true),
            Map.of(SpecialUse.SENT, "Sent Items", SpecialUse.DRAFTS, "Drafts", SpecialUse.TRASH, "Deleted Items",
                    SpecialUse.JUNK, "Junk Email", SpecialUse.ARCHIVE, "Archive"),
            new ExchangeLoginAdvice());

    /** Gmail and Google Workspace. */
    public static final ProviderPreset GMAIL = new ProviderPreset("gmail", "Gmail (Google)",
            List.of("imap.gmail.com", "smtp.gmail.com", "imap.googlemail.com", "smtp.googlemail.com"),
            new ServerSettings("imap.gmail.com", 993, Security.IMPLICIT_TLS),
            new ServerSettings("smtp.gmail.com", 587, Security.STARTTLS),
            IdentityPlatform.GOOGLE,
            // APPENDLIMIT=35651584 advertised; ~15 connections; ~2,500 MB/day down, ~500 MB/day up
            new ProviderLimits(35_651_584L, 4, 15, 2_500 * MB, 500 * MB),
            new ProviderQuirks(true, true, Set.of("QRESYNC"), true, false),
            Map.of(SpecialUse.ALL, "[Gmail]/All Mail", SpecialUse.SENT, "[Gmail]/Sent Mail",
                    SpecialUse.DRAFTS, "[Gmail]/Drafts", SpecialUse.TRASH, "[Gmail]/Trash", SpecialUse.JUNK, "[Gmail]/Spam",
                    SpecialUse.FLAGGED, "[Gmail]/Starred"),
            new GmailLoginAdvice());

    /** Any other IMAP server: nothing assumed, everything taken from what the server advertises. */
    public static final ProviderPreset GENERIC = new ProviderPreset("generic", "IMAP server", List.of(), null, null,
            IdentityPlatform.UNKNOWN, ProviderLimits.UNKNOWN, ProviderQuirks.NONE,
            Map.of(SpecialUse.SENT, "Sent", SpecialUse.DRAFTS, "Drafts", SpecialUse.TRASH, "Trash",
                    SpecialUse.JUNK, "Junk", SpecialUse.ARCHIVE, "Archive"),
            LoginAdvice.NONE);

    private static final List<ProviderPreset> ALL = List.of(OFFICE365, GMAIL, GENERIC);

    private Providers() {
    }

    /** The preset whose servers include {@code host}, else {@link #GENERIC}. */
    public static ProviderPreset detect(String host) {
        for (ProviderPreset p : ALL) {
            if (p.servesHost(host)) {
                return p;
            }
        }
        return GENERIC;
    }

    /** The preset named by {@code --provider}; a usage error listing the names otherwise. */
    public static ProviderPreset named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ProviderPreset p : ALL) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        if (n.equals("microsoft365") || n.equals("m365") || n.equals("outlook") || n.equals("exchange-online")) {
            return OFFICE365;
        }
        if (n.equals("google") || n.equals("workspace")) {
            return GMAIL;
        }
        throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "unknown provider '" + name
                + "': use --provider office365, gmail or generic");
    }

    /** {@code --provider NAME} when given, else detected from {@code host}. */
    public static ProviderPreset choose(String explicitName, String host) {
        return explicitName == null || explicitName.isBlank() ? detect(host) : named(explicitName);
    }

    /**
     * Completes an IMAP URI with the preset's server. With a named provider,
     * {@code imaps://alice@company.com} (no provider host: the parser took {@code company.com}
     * for the host) becomes {@code imaps://alice@company.com@outlook.office365.com:993}; a URI that
     * already names one of the provider's hosts, a full address as user, or a port of its own is
     * kept as it is.
     */
    public static StoreUri completeImapUri(StoreUri uri, ProviderPreset preset, boolean presetNamedExplicitly) {
        boolean defaultPort = uri.port() == (uri.security() == Security.IMPLICIT_TLS ? 993 : 143);
        if (!uri.isImap() || preset.imap() == null || preset.servesHost(uri.host()) || !presetNamedExplicitly
                || uri.user().contains("@") || !uri.host().contains(".") || !defaultPort) {
            return uri;
        }
        ServerSettings s = preset.imap();
        return new StoreUri(StoreUri.Kind.IMAP, uri.user() + "@" + uri.host(), s.host(), s.port(), s.security(), null,
                uri.options());
    }
}
