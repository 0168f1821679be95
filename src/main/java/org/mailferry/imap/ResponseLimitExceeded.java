package org.mailferry.imap;

import java.io.IOException;

/**
 * The server's answer went past what the command in flight can legitimately bring (a literal
 * longer than the message, a response without end). Thrown by the connection's input stream
 * before Angus sees the offending bytes, so Angus never allocates what the server announced; the
 * connection is then unusable and is dropped.
 */
final class ResponseLimitExceeded extends IOException {

    ResponseLimitExceeded(String message) {
        super(message);
    }
}
