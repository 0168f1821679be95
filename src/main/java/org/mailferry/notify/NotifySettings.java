package org.mailferry.notify;

import jakarta.mail.internet.InternetAddress;
import java.util.List;

/** Who gets the run report and how it is sent. Immutable; holds no secret value. */
public record NotifySettings(List<InternetAddress> recipients, InternetAddress from, SmtpEndpoint smtp) {

    public NotifySettings {
        recipients = List.copyOf(recipients);
    }
}
