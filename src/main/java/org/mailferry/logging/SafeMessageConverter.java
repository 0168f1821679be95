package org.mailferry.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.mailferry.util.SafeText;
import org.mailferry.util.SecretMask;

/**
 * {@code %safeMsg} in logback.xml: the log message with secrets masked and every control
 * character escaped, line feeds included, so a folder name or server response can neither
 * drive the terminal nor forge a log line in the scheduler's journal. Thread-safe.
 */
public final class SafeMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SecretMask.text(SafeText.escape(super.convert(event)));
    }
}
