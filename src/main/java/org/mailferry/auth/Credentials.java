package org.mailferry.auth;

/**
 * How to log in to one server. Asked afresh for every new connection, so a rotated password or
 * an expiring OAuth token is picked up on reconnect.
 */
public interface Credentials {

    String user();

    /** SASL mechanisms to offer, space separated, or {@code null} for the server's defaults. */
    String mechanisms();

    /** The password or token for the next login. */
    String secretForLogin();

    /** Fails now when the secret cannot be had: see {@link Secret#checkAvailable()}. */
    default void checkAvailable() {
    }

    /** Where the secret comes from, for messages (never the value). */
    String describe();
}
