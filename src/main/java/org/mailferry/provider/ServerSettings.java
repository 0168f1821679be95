package org.mailferry.provider;

import org.mailferry.store.StoreUri.Security;

/** Where a provider's server listens and how the connection is protected. Plain data. */
public record ServerSettings(String host, int port, Security security) {
}
