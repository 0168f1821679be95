package org.mailferry.error;

import org.mailferry.util.SafeText;
import org.mailferry.util.SecretMask;

/**
 * A failure with the one-line message a user sees, its scope and its exit code. The message
 * says what is wrong and how to fix it; it never contains a secret: every message goes through
 * {@link SecretMask#text} (a password typed into a URI is masked) and {@link SafeText} (control
 * characters from a server or an archive are escaped; line feeds of multi-line messages stay).
 */
public class MailferryException extends RuntimeException {

    private final FailureScope scope;
    private final ExitCode exitCode;

    public MailferryException(FailureScope scope, ExitCode exitCode, String message, Throwable cause) {
        super(SecretMask.text(SafeText.escapeKeepingLines(message)), cause);
        this.scope = scope;
        this.exitCode = exitCode;
    }

    public MailferryException(FailureScope scope, ExitCode exitCode, String message) {
        this(scope, exitCode, message, null);
    }

    public FailureScope scope() {
        return scope;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public static MailferryException store(ExitCode code, String message, Throwable cause) {
        return new MailferryException(FailureScope.STORE, code, message, cause);
    }

    public static MailferryException folder(String message, Throwable cause) {
        return new MailferryException(FailureScope.FOLDER, ExitCode.PARTIAL, message, cause);
    }

    public static MailferryException connection(String message, Throwable cause) {
        return new MailferryException(FailureScope.CONNECTION, ExitCode.CONNECT, message, cause);
    }

    public static MailferryException archive(String message, Throwable cause) {
        return new MailferryException(FailureScope.STORE, ExitCode.ARCHIVE, message, cause);
    }
}
