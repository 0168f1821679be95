package org.mailferry.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailferry.provider.ProviderPreset;

/**
 * What each IMAP extension a check finds (or misses) means for mailferry, one note line per
 * extension: {@code CONDSTORE    yes  incremental backups read only the flags changed since the
 * last run}. Pure functions.
 */
final class CapabilityAdvice {

    private record Extension(String name, String present, String absent) {
    }

    private static final List<Extension> IMAP = List.of(
            new Extension("CONDSTORE", "incremental backups read only the flags changed since the last run",
                    "each backup reads the flags of every message again (correct, slower on big folders)"),
            new Extension("QRESYNC", "offered; mailferry relies on CONDSTORE", "not needed"),
            new Extension("UIDPLUS", "restore and migrate learn each new UID from APPENDUID",
                    "restore and migrate cannot learn new UIDs from APPEND"),
            new Extension("MULTIAPPEND", "several messages per APPEND are possible", "one APPEND per message"),
            new Extension("LITERAL+", "APPEND sends messages without waiting for the server's go-ahead",
                    "one more round trip per APPEND"),
            new Extension("SPECIAL-USE", "Sent, Drafts, Trash, Junk… are recognised by role, in any language",
                    "special folders are recognised by their names only"),
            new Extension("APPENDLIMIT", "", "the server does not say how large a message may be"),
            new Extension("COMPRESS=DEFLATE", "offered; mailferry does not compress yet", "no compression"),
            new Extension("MOVE", "offered; not needed (mailferry copies, never moves)", "not needed"),
            new Extension("IDLE", "offered; not needed (runs are batch jobs)", "not needed"));

    private CapabilityAdvice() {
    }

    /** One line per extension mailferry cares about, for the capabilities of a logged-in connection. */
    static List<String> imap(Collection<String> capabilities, ProviderPreset provider) {
        List<String> notes = new ArrayList<>();
        for (Extension x : IMAP) {
            Optional<String> found = capabilities.stream().map(c -> c.toUpperCase(Locale.ROOT))
                    .filter(c -> c.equals(x.name()) || c.startsWith(x.name() + "=")).findFirst();
            String effect = found.map(c -> x.name().equals("APPENDLIMIT") ? appendLimit(c) : x.present())
                    .orElseGet(() -> x.name().equals("APPENDLIMIT") && provider.limits().appendLimitBytes() > 0
                            ? x.absent() + "; " + provider.displayName() + " takes about "
                              + provider.limits().appendLimitBytes() / 1_000_000 + " MB" : x.absent());
            if (provider.quirks().missingExtensions().contains(x.name())) {
                effect += found.isPresent() ? " (advertised, but " + provider.displayName() + " is known not to offer it)"
                        : " (" + provider.displayName() + " never offers it)";
            }
            notes.add(String.format(Locale.ROOT, "%-16s %-3s  %s", x.name(), found.isPresent() ? "yes" : "no", effect));
        }
        return notes;
    }

    private static String appendLimit(String capability) {
        int eq = capability.indexOf('=');
        return eq < 0 ? "the server checks sizes (no figure given)"
                : "messages over " + capability.substring(eq + 1) + " bytes are refused (checked before sending)";
    }
}
