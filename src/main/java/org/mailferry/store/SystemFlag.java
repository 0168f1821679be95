package org.mailferry.store;

/**
 * The IMAP system flags a copy keeps. {@code \Recent} is session state and is never copied.
 * Maildir letters follow the Maildir spec (info {@code :2,}).
 */
public enum SystemFlag {
    DRAFT("\\Draft", 'D'),
    FLAGGED("\\Flagged", 'F'),
    ANSWERED("\\Answered", 'R'),
    SEEN("\\Seen", 'S'),
    DELETED("\\Deleted", 'T');

    private final String imapName;
    private final char maildirLetter;

    SystemFlag(String imapName, char maildirLetter) {
        this.imapName = imapName;
        this.maildirLetter = maildirLetter;
    }

    public String imapName() {
        return imapName;
    }

    public char maildirLetter() {
        return maildirLetter;
    }

    public static SystemFlag fromImapName(String name) {
        for (SystemFlag f : values()) {
            if (f.imapName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    public static SystemFlag fromMaildirLetter(char c) {
        for (SystemFlag f : values()) {
            if (f.maildirLetter == c) {
                return f;
            }
        }
        return null;
    }
}
