package org.mailferry.auth;

/** The protocol credentials are for: decides the OAuth2 scope a delegated Microsoft token needs. */
public enum MailProtocol { IMAP, SMTP }
