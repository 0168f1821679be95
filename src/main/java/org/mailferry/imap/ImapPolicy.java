package org.mailferry.imap;

/**
 * What the user chose about an IMAP store's folders and writes, beside the connection tuning.
 *
 * @param includeShared list other users' and shared namespaces too ({@code --include-shared})
 * @param appendCheck   how the messages appended to a target are read back ({@code --verify-append})
 */
public record ImapPolicy(boolean includeShared, AppendCheck appendCheck) {

    public static final ImapPolicy DEFAULT = new ImapPolicy(false, AppendCheck.HEADERS);

    /** How much of each appended message is read back and compared with what was sent. */
    public enum AppendCheck {
        /** nothing read back */
        NONE,
        /** RFC822.SIZE and the header bytes, one UID FETCH per chunk (default) */
        HEADERS,
        /** SHA-256 of every byte (BODY.PEEK[]): a second download of everything restored */
        FULL
    }

    public ImapPolicy {
        appendCheck = appendCheck == null ? AppendCheck.HEADERS : appendCheck;
    }
}
