package org.mailferry.auth;

import java.io.Console;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * Asks for the secret on the terminal (no echo), once per run: the answer is kept in memory for
 * reconnects. Only when a terminal is attached; otherwise the user must name a source.
 */
public final class PromptSecret implements Secret {

    private final String prompt;
    private char[] answer;

    public PromptSecret(String prompt) {
        this.prompt = prompt;
    }

    public static boolean available() {
        return System.console() != null;
    }

    @Override
    public synchronized char[] reveal() {
        if (answer == null) {
            Console c = System.console();
            if (c == null) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                        "no password source and no terminal to ask on: use --password-file, --password-env or --password-command");
            }
            answer = c.readPassword("%s", prompt);
            if (answer == null || answer.length == 0) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "no password entered");
            }
        }
        return answer.clone();
    }

    @Override
    public void checkAvailable() {
        java.util.Arrays.fill(reveal(), '\0');
    }

    @Override
    public String describe() {
        return "terminal prompt";
    }
}
