package org.mailferry.provider;

/**
 * What a provider tolerates; 0 means unknown (use what the server advertises, e.g. APPENDLIMIT).
 *
 * @param appendLimitBytes       largest message the server accepts by APPEND
 * @param recommendedConnections parallel connections that stay clear of throttling
 * @param maxConnections         connections per mailbox above which the server refuses or throttles
 * @param dailyDownloadBytes     data a mailbox may download per day over IMAP
 * @param dailyUploadBytes       data a mailbox may upload per day over IMAP
 */
public record ProviderLimits(long appendLimitBytes, int recommendedConnections, int maxConnections,
                             long dailyDownloadBytes, long dailyUploadBytes) {

    public static final ProviderLimits UNKNOWN = new ProviderLimits(0, 4, 0, 0, 0);
}
