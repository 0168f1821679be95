package org.mailferry.util;

import java.nio.file.Path;

/**
 * {@code ~} as a shell means it: {@code ~} and {@code ~/x} start at {@code $HOME} (the JVM's
 * {@code user.home} when it is unset, e.g. in a container that gives no home). Every path a user
 * types goes through here: archive URIs ({@code maildir:~/x}), options that take a file or
 * directory, positional archive and job-file arguments, job files and {@code file:} references
 * in an accounts file, so none of them creates a directory literally named {@code ~}.
 * {@code ~user/x} is left as it is. Stateless.
 */
public final class HomeDirectory {

    private HomeDirectory() {
    }

    /** The user's home directory. */
    public static Path path() {
        String home = EnvironmentVariables.get("HOME");
        return Path.of(home != null && home.startsWith("/") ? home : System.getProperty("user.home"));
    }

    /** {@code text} with a leading {@code ~} or {@code ~/} replaced by the home directory; anything else unchanged. */
    public static String expand(String text) {
        if (text.equals("~")) {
            return path().toString();
        }
        if (text.startsWith("~/")) {
            return path().resolve(text.substring(2)).toString();
        }
        return text;
    }
}
