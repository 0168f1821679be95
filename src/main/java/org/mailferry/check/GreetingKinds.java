package org.mailferry.check;

import java.util.Locale;

/** Names the protocol a wrong port speaks, from its first line: "(this looks like an SMTP server)". */
final class GreetingKinds {

    private GreetingKinds() {
    }

    static String guess(String firstLine) {
        String s = firstLine.toUpperCase(Locale.ROOT);
        if (s.startsWith("* OK") || s.startsWith("* PREAUTH")) {
            return " (this looks like an IMAP server)";
        }
        if (s.startsWith("220")) {
            return " (this looks like an SMTP server)";
        }
        if (s.startsWith("+OK")) {
            return " (this looks like a POP3 server)";
        }
        if (s.startsWith("SSH-")) {
            return " (this looks like an SSH server)";
        }
        if (s.startsWith("HTTP/")) {
            return " (this looks like a web server)";
        }
        return "";
    }
}
