package org.mailferry.imap;

import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * A command's answer was cut off by the connection's {@link ResponseGuard}: the server sent more
 * than the command can bring. The connection has been dropped; what was asked for is damaged on
 * the server or the server misbehaves, so the caller reports it rather than retrying.
 */
final class ResponseRefused extends ProtocolException {

    ResponseRefused(ResponseLimitExceeded cause) {
        super(cause.getMessage(), cause);
    }
}
