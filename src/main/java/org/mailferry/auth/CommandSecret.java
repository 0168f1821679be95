package org.mailferry.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * A secret printed by a command, named by {@code option} ({@code --password-command "pass show
 * mail/alice"}, {@code --oauth-token-command CMD}, ...), run with {@code sh -c}; the first line of
 * its standard output is the secret. Its standard error goes to ours (a pass-phrase prompt stays
 * visible); a non-zero exit is an error. Run again at every {@link #reveal()}.
 */
public record CommandSecret(String command, String option) implements Secret {

    private static final long TIMEOUT_SECONDS = 120;

    /** A password printed by {@code --password-command CMD}. */
    public CommandSecret(String command) {
        this(command, "--password-command");
    }

    @Override
    public char[] reveal() {
        try {
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] out = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw usage(option + " did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (p.exitValue() != 0) {
                throw usage(option + " exited with status " + p.exitValue() + ": " + command);
            }
            String s = new String(out, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            String line = (nl >= 0 ? s.substring(0, nl) : s).strip();
            if (line.isEmpty()) {
                throw usage(option + " printed nothing: " + command);
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw usage("cannot run " + option + " " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw usage("interrupted while running " + option);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }

    @Override
    public String describe() {
        return option + " " + command;
    }
}
