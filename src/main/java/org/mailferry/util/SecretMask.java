package org.mailferry.util;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking function for URI-like input: {@code imap://}, {@code imaps://}, {@code smtp://},
 * {@code smtps://}, any unknown scheme ({@code imap5://}), JDBC URLs. A password in the user part
 * ({@code alice:Sup3r@Secret99@host}: the host follows the last {@code @}, so a password may
 * contain {@code @}) and the value of a {@code password=}-like parameter ({@code ?password=},
 * {@code &pwd=}, {@code ;PASSWORD=}) become {@code ***}; in free text also a bare
 * {@code user:password@host} (a driver repeating the authority of a URL in its own words). Every error path that may repeat what
 * a user typed goes through {@link #text}; {@link org.mailferry.error.MailferryException} does
 * so for every message. Idempotent and pure.
 */
public final class SecretMask {

    public static final String MASK = "***";

    private static final Pattern URI_TOKEN =
            Pattern.compile("(?i)(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:(?:[a-z][a-z0-9+.-]*:)*//[^\\s]+");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|pass|secret|client_secret|token|access_token|refresh_token)=([^&;\\s'\"]*)");

    /**
     * {@code user:password@host} without a scheme, as drivers repeat a URL's authority in their own
     * messages (PostgreSQL's "u:pw@db"): the password has no space, {@code /} or {@code @}.
     */
    private static final Pattern BARE_USERINFO = Pattern.compile(
            "(?<![\\w/.:@%+-])([A-Za-z0-9._%+-]+):([^\\s@/*][^\\s@/]*)@(?=[A-Za-z0-9\\[])");

    private SecretMask() {
    }

    /** Masks every URI-like token and every {@code password=} value in free text. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        Matcher m = URI_TOKEN.matcher(s);
        StringBuilder b = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(uri(m.group())));
        }
        m.appendTail(b);
        return BARE_USERINFO.matcher(maskParams(b.toString())).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
    }

    /** Masks one URI-like input: the password of its user part and its secret parameters. */
    public static String uri(String s) {
        if (s == null) {
            return null;
        }
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return maskParams(s);
        }
        int start = scheme + 3;
        String rest = s.substring(start);
        int q = rest.indexOf('?');
        String head = q >= 0 && rest.substring(0, q).indexOf('@') >= 0 ? rest.substring(0, q) : rest;
        int at = head.lastIndexOf('@');
        if (at > 0) {
            int colon = head.indexOf(':');
            if (colon >= 0 && colon < at) {
                return s.substring(0, start) + rest.substring(0, colon + 1) + MASK + maskParams(rest.substring(at));
            }
        }
        return s.substring(0, start) + maskParams(rest);
    }

    private static String maskParams(String s) {
        return SECRET_PARAM.matcher(s).replaceAll("$1=" + Matcher.quoteReplacement(MASK));
    }
}
