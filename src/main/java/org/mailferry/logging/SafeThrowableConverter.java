package org.mailferry.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.mailferry.util.SafeText;
import org.mailferry.util.SecretMask;

/**
 * {@code %safeEx} in logback.xml: a stack trace (shown only at {@code -v} and above, see Main)
 * with secrets masked and control characters other than its own line feeds escaped. Thread-safe.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return SecretMask.text(SafeText.escapeKeepingLines(super.throwableProxyToString(tp)));
    }
}
