package org.mailferry.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.mailferry.imap.TlsSocketFactories;
import org.mailferry.imap.WriteTimeouts;
import org.mailferry.store.StoreUri.Security;

/**
 * Connects Angus SMTP transports the way mailferry connects IMAP: certificates and host names
 * verified by {@link TlsSocketFactories} (no fallback to an unchecked connection), STARTTLS
 * required unless the URI says {@code starttls=none}, every timeout set, and the credentials'
 * SASL mechanism (XOAUTH2 for a token). The secret is asked for at connect time.
 */
public final class SmtpSessions {

    private SmtpSessions() {
    }

    /** A connected (and, with credentials, logged-in) transport; the caller closes it. */
    public static SMTPTransport connect(SmtpEndpoint endpoint) throws MessagingException {
        String protocol = endpoint.uri().security() == Security.IMPLICIT_TLS ? "smtps" : "smtp";
        Session session = Session.getInstance(properties(endpoint, protocol));
        Transport transport = session.getTransport(protocol);
        SmtpUri uri = endpoint.uri();
        if (endpoint.credentials() == null) {
            transport.connect(uri.host(), uri.port(), null, null);
        } else {
            transport.connect(uri.host(), uri.port(), endpoint.credentials().user(), endpoint.credentials().secretForLogin());
        }
        return (SMTPTransport) transport;
    }

    static Properties properties(SmtpEndpoint ep, String protocol) {
        String p = "mail." + protocol + ".";
        String millis = String.valueOf(ep.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "connectiontimeout", millis);
        props.put(p + "timeout", millis);
        WriteTimeouts.configure(props, protocol, ep.timeout().toMillis());
        props.put(p + "ssl.checkserveridentity", String.valueOf(!ep.tls().insecure()));
        props.put(p + "ssl.socketFactory", TlsSocketFactories.create(ep.tls()));
        props.put(p + "socketFactory.fallback", "false");
        if (ep.uri().security() == Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (ep.credentials() != null) {
            props.put(p + "auth", "true");
            if (ep.credentials().mechanisms() != null) {
                props.put(p + "auth.mechanisms", ep.credentials().mechanisms());
            }
        }
        return props;
    }
}
