package org.mailferry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.mailferry.util.HomeDirectory;
import org.mailferry.util.Json;

/**
 * What a user meant by a store argument written without a scheme: a directory that holds a
 * mailferry manifest is that archive ({@code restore --from /backups/alice}); a mail address or a
 * bare host name gets the URI to write instead. Stateless.
 */
final class BareStoreArgument {

    private BareStoreArgument() {
    }

    /** {@code maildir:DIR} or {@code mbox:DIR} when {@code text} is a directory whose manifest names its kind. */
    static Optional<String> archiveUri(String text) {
        Path dir;
        try {
            dir = Path.of(HomeDirectory.expand(text)).toAbsolutePath().normalize();
        } catch (RuntimeException notAPath) {
            return Optional.empty();
        }
        Path manifest = dir.resolve(StoreUri.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            String kind = Json.MAPPER.readTree(Files.readAllBytes(manifest)).path("store").asString("");
            return switch (kind.toLowerCase(Locale.ROOT)) {
                case "maildir", "mbox" -> Optional.of(kind.toLowerCase(Locale.ROOT) + ":" + dir);
                default -> Optional.empty();
            };
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The correction for a scheme-less argument that is no archive, or empty when there is none to offer. */
    static Optional<String> suggestion(String text) {
        if (text.isBlank() || text.contains(":")) {
            return Optional.empty();
        }
        String path = HomeDirectory.expand(text);
        if (Files.isDirectory(Path.of(path))) {
            return Optional.of(path + " holds no mailferry archive (no " + StoreUri.MANIFEST_FILE + "): name its kind, maildir:"
                    + path + " or mbox:" + path);
        }
        if (text.contains("/")) {
            return Optional.of("'" + text + "' is no store: write maildir:" + path + " or mbox:" + path
                    + " for an archive, imaps://USER@HOST for a mailbox");
        }
        if (text.contains("@")) {
            return Optional.of("'" + text + "' is a mail address, not a store: write imaps://" + text
                    + "@HOST with your provider's IMAP host (e.g. imaps://" + text + "@outlook.office365.com)");
        }
        if (text.contains(".")) {
            return Optional.of("'" + text + "' is a host, not a store: write imaps://USER@" + text
                    + " (USER is the login, often the mail address)");
        }
        return Optional.empty();
    }
}
