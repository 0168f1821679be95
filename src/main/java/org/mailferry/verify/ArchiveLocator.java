package org.mailferry.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.mbox.MboxStore;
import org.mailferry.store.StoreUri;
import org.mailferry.util.HomeDirectory;

/**
 * Opens an archive for reading from what a user typed: {@code maildir:DIR}, {@code mbox:DIR}, or a
 * bare directory whose kind is recognised (a Maildir has {@code cur/} at its root or in a
 * {@code .Folder} directory; an mbox archive has {@code *.mbox*} files). Stateless.
 */
public final class ArchiveLocator {

    private ArchiveLocator() {
    }

    public static ArchiveStore openForReading(String archive) {
        String lower = archive.toLowerCase(Locale.ROOT);
        if (lower.startsWith("maildir:") || lower.startsWith("mbox:")) {
            StoreUri uri = StoreUri.parse(archive);
            return uri.kind() == StoreUri.Kind.MAILDIR ? MaildirStore.open(uri.path(), false)
                    : MboxStore.open(uri.path(), false);
        }
        Path dir = Path.of(HomeDirectory.expand(archive)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw usage("no archive at " + dir + ": the directory does not exist");
        }
        if (isMaildir(dir)) {
            return MaildirStore.open(dir, false);
        }
        if (hasMboxFiles(dir)) {
            return MboxStore.open(dir, false);
        }
        throw usage(dir + " is neither a Maildir nor an mbox archive; name its kind: maildir:" + dir + " or mbox:" + dir);
    }

    private static boolean isMaildir(Path dir) {
        if (Files.isDirectory(dir.resolve("cur"))) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(".") && Files.isDirectory(p.resolve("cur")));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasMboxFiles(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> p.getFileName().toString().contains(".mbox"));
        } catch (IOException e) {
            return false;
        }
    }

    private static MailferryException usage(String message) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, message);
    }
}
