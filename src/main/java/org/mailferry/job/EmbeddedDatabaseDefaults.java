package org.mailferry.job;

/**
 * JVM-wide settings the embedded H2 job database must have before H2 loads: H2 reads them once,
 * when its first class initialises, so they are applied at the CLI's entry and again before the
 * engine starts. Its AUTO_SERVER port, which serves the other mailferry processes of this machine,
 * listens on the loopback address only, never on every interface.
 */
public final class EmbeddedDatabaseDefaults {

    private EmbeddedDatabaseDefaults() {
    }

    /** Idempotent; an operator's own {@code -Dh2.bindAddress} is kept. */
    public static void apply() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }
}
