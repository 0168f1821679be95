package org.mailferry.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret in a file ({@code --password-file FILE}): its first line, without the line end. Warns
 * once when the file is readable by group or others.
 */
public record FileSecret(Path file) implements Secret {

    private static final Logger LOG = LoggerFactory.getLogger(FileSecret.class);

    @Override
    public char[] reveal() {
        try {
            warnIfShared();
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int nl = content.indexOf('\n');
            String line = nl >= 0 ? content.substring(0, nl) : content;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                        "password file " + file + " is empty: put the password on its first line");
            }
            return line.toCharArray();
        } catch (NoSuchFileException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "password file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "cannot read password file " + file + ": " + e.getMessage(), e);
        }
    }

    private void warnIfShared() throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("password file {} is readable by other users; run: chmod 600 {}", file, file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    @Override
    public String describe() {
        return "--password-file " + file;
    }
}
