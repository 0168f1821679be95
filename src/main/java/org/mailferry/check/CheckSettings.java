package org.mailferry.check;

import java.time.Duration;
import java.util.function.Supplier;
import org.mailferry.auth.Credentials;
import org.mailferry.imap.TlsSettings;
import org.mailferry.provider.ProviderPreset;

/**
 * How to check: certificate trust (as a job would use it), how long to wait for each answer,
 * the provider preset (for login advice and limits), and the credentials, made only when the
 * login step needs them (a missing password then fails that step, after the network checks).
 */
public record CheckSettings(TlsSettings tls, Duration timeout, ProviderPreset provider, Supplier<Credentials> credentials) {
}
