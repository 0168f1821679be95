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
 * A secret in a file, named by {@code option} ({@code --password-file FILE},
 * {@code --oauth-refresh-token-file FILE}, ...): its first line, without the line end. Warns
 * when the file is readable by group or others.
 */
public record FileSecret(Path file, String option) implements Secret {

    private static final Logger LOG = LoggerFactory.getLogger(FileSecret.class);

    /** A password in {@code --password-file FILE}. */
    public FileSecret(Path file) {
        this(file, "--password-file");
    }

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
                throw usage(what() + " " + file + " is empty: put the secret on its first line (" + option + ")", null);
            }
            return line.toCharArray();
        } catch (NoSuchFileException e) {
            throw usage(what() + " " + file + " does not exist (" + option + ")", e);
        } catch (IOException e) {
            throw usage("cannot read " + what() + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** "password file" for --password-file (any prefix), "secret file" otherwise. */
    private String what() {
        return option.endsWith("password-file") ? "password file" : "secret file";
    }

    private void warnIfShared() throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} {} is readable by other users; run: chmod 600 {}", what(), file, file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static MailferryException usage(String m, Throwable cause) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m, cause);
    }

    @Override
    public void checkAvailable() {
        java.util.Arrays.fill(reveal(), '\0');
    }

    @Override
    public String describe() {
        return option + " " + file;
    }
}
