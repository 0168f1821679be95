package org.mailferry.imap;

import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * The server's answer to a command went past what it can bring and was cut off (see
 * {@link ResponseGuard}). For a body fetch the reader turns it into a skipped, damaged message;
 * anywhere else the folder fails (exit code 3).
 */
final class DamagedAnswer extends MailferryException {

    DamagedAnswer(String message, Throwable cause) {
        super(FailureScope.FOLDER, ExitCode.PARTIAL, message, cause);
    }
}
