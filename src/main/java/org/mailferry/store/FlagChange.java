package org.mailferry.store;

/** The current flags of a message a sink already holds (found by CONDSTORE or a full flag scan). */
public record FlagChange(long uid, MessageFlags flags) {
}
