package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;

/**
 * What an archive directory is, so that it is never written or read as something else: its
 * format (the manifest's {@code store}; without a manifest, a Maildir's {@code cur/} or an mbox
 * index at the root) and the account it backs up (the manifest's {@code source}). A mismatch is a
 * usage error (exit 2) whose message names the command that fits. A manifest that does not parse
 * is said in one warning line and the format is taken from the files: the manifest is derived
 * data, and the backup that follows writes it again (it cannot name the account any more).
 */
public final class ArchiveIdentity {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ArchiveIdentity.class);

    private ArchiveIdentity() {
    }

    /** Refuses to open {@code uri} when its directory holds an archive of the other format. */
    public static void requireFormat(StoreUri uri) {
        if (uri.kind() == StoreUri.Kind.IMAP || !Files.isDirectory(uri.path())) {
            return;
        }
        Path root = uri.path();
        String asked = uri.kind().name().toLowerCase(Locale.ROOT);
        String found = formatOf(root).orElse(asked);
        if (!found.equals(asked)) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, root + " is a " + found
                    + " archive, not " + asked + ": name it " + found + ":" + root
                    + " (to convert it, back it up from " + found + ":" + root + " into " + asked + ":ANOTHER-DIR)");
        }
    }

    /**
     * Refuses to back {@code source} up into an archive whose manifest names another account. The
     * account is the user at the host: another port or connection security (993 or STARTTLS on
     * 143) is the same mailbox.
     */
    public static void requireSource(Path root, String source) {
        intactManifest(root, false).map(ArchiveManifest::source).ifPresent(held -> {
            if (!account(held).equals(account(source))) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, root + " holds the backup of " + held
                        + ", not of " + source + ": back " + source + " up into a directory of its own");
            }
        });
    }

    private static Optional<ArchiveManifest> intactManifest(Path root, boolean warn) {
        try {
            return ArchiveManifest.read(root);
        } catch (ArchiveManifest.Damaged e) {
            if (warn) {
                LOG.warn("{} (the archive's format is taken from its files; the account it backs up cannot be checked)",
                        e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** {@code imaps://alice@host:993?starttls=none} → {@code alice@host}, lower case. */
    static String account(String source) {
        String a = source.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceFirst("[?#].*$", "")
                .replaceFirst("/.*$", "");
        int at = a.lastIndexOf('@');
        int colon = a.lastIndexOf(':');
        if (colon > at && a.substring(colon + 1).matches("\\d+")) {
            a = a.substring(0, colon);
        }
        return a.toLowerCase(Locale.ROOT);
    }

    /** The archive format of {@code root}: "maildir" or "mbox", if it holds an archive. */
    static Optional<String> formatOf(Path root) {
        Optional<String> declared = intactManifest(root, true).map(ArchiveManifest::store);
        if (declared.isPresent()) {
            return declared;
        }
        if (Files.isDirectory(root.resolve("cur"))) {
            return Optional.of("maildir");
        }
        try (Stream<Path> files = Files.list(root)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".mbox.index")) ? Optional.of("mbox")
                    : Optional.empty();
        } catch (IOException e) {
            throw ArchiveErrors.read(root, e);
        }
    }
}
