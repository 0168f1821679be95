package org.mailferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * A job file named by the job database (for {@code jobs restart}) is run only if whoever could
 * write the database could not have written the file: it must be owned by the user running
 * mailferry or by root, and be writable by neither group nor others. Stateless.
 */
final class TrustedJobFile {

    private TrustedJobFile() {
    }

    static Path require(Path file) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return file; // no POSIX owners here (Windows): nothing to check
        } catch (IOException e) {
            throw usage("cannot read the job file " + file + " (" + e.getMessage() + "): restart reads the job file again");
        }
        String owner = a.owner().getName();
        boolean othersWrite = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        if (!(owner.equals(System.getProperty("user.name")) || owner.equals("root")) || othersWrite) {
            throw usage("the job file " + file + " is owned by " + owner + (othersWrite ? " and writable by others" : "")
                    + ": jobs restart only runs job files owned by you or root that others cannot change;"
                    + " fix it (chown, chmod go-w) or run it with mailferry run");
        }
        return file;
    }

    private static MailferryException usage(String message) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, message);
    }
}
