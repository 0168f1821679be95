package org.mailferry.util;

/**
 * Makes text from a server or an archive (folder names, server responses, file names) safe to
 * print on a terminal, in a log or in an e-mail: every control character (C0, DEL, C1), line and
 * paragraph separator and bidirectional override becomes a visible escape ({@code \x1b},
 * {@code \r}, {@code \u202e}), so no string can retitle or clear a terminal, colour text or forge
 * an extra log line. Printable text, including non-ASCII letters and emoji, is unchanged. Pure
 * functions, thread-safe.
 */
public final class SafeText {

    private SafeText() {
    }

    /** One line: every control character escaped, line feeds included. {@code null} stays null. */
    public static String escape(String s) {
        return escape(s, false);
    }

    /** Like {@link #escape} but keeps line feeds and tabs: for messages that are several lines by design. */
    public static String escapeKeepingLines(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean keepLf) {
        if (s == null || isClean(s, keepLf)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c) || (keepLf && (c == '\n' || c == '\t'))) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean isClean(String s, boolean keepLf) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c) && !(keepLf && (c == '\n' || c == '\t'))) {
                return false;
            }
        }
        return true;
    }

    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'                 // line and paragraph separators
                || c == '\u200e' || c == '\u200f' || c == '\u061c' // direction marks
                || (c >= '\u202a' && c <= '\u202e')               // embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069');              // isolates
    }
}
