package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.mailferry.error.MailferryException;
import org.mailferry.util.SafeText;

/** Turns an I/O failure on an archive into the one-line error a user can act on. */
public final class ArchiveErrors {

    private ArchiveErrors() {
    }

    /** A path in a message is escaped (an archive's names may hold a line feed: MailferryException keeps those). */
    public static MailferryException write(Path path, IOException e) {
        String where = SafeText.escape(path.toString());
        String m = SafeText.escape(String.valueOf(e.getMessage()));
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
            return MailferryException.archive("disk full writing " + where
                    + ": free some space and run the same command again (what was committed is kept)", e);
        }
        if (m.contains("File name too long") || m.contains("Illegal byte sequence")
                || e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            // a name this file system cannot hold: that folder fails, the others go on
            return MailferryException.folder("cannot write " + where + ": " + m
                    + " (this folder's name cannot be used here)", e);
        }
        if (e instanceof AccessDeniedException) {
            return MailferryException.archive("permission denied writing " + where
                    + ": the archive must be writable by the user running mailferry", e);
        }
        return MailferryException.archive("cannot write " + where + ": " + m, e);
    }

    public static MailferryException read(Path where, IOException e) {
        return MailferryException.archive("cannot read " + SafeText.escape(where.toString()) + ": "
                + SafeText.escape(e.getMessage()), e);
    }
}
