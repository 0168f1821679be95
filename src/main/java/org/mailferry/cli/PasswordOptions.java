package org.mailferry.cli;

import java.nio.file.Path;
import org.mailferry.auth.CommandSecret;
import org.mailferry.auth.EnvSecret;
import org.mailferry.auth.FileSecret;
import org.mailferry.auth.PromptSecret;
import org.mailferry.auth.Secret;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the mailbox password (or app password) comes from: a file, an environment variable or a
 * command; else a prompt when a terminal is attached. Never an argument value.
 */
public final class PasswordOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE (keep it chmod 600).")
        Path file;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from environment variable VAR.")
        String env;

        @Option(names = "--password-command", paramLabel = "CMD", description = "Run CMD (sh -c) and use the first line it prints, e.g. \"pass show mail/alice\".")
        String command;
    }

    /** The configured source, or a terminal prompt naming {@code account}. */
    public Secret secret(String account) {
        if (source != null) {
            if (source.file != null) {
                return new FileSecret(source.file);
            }
            if (source.env != null) {
                return new EnvSecret(source.env);
            }
            return new CommandSecret(source.command);
        }
        if (PromptSecret.available()) {
            return new PromptSecret("Password for " + account + ": ");
        }
        throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "no password for " + account
                + ": give --password-file FILE, --password-env VAR or --password-command CMD (no terminal to ask on)");
    }
}
