package org.mailferry.imap;

/**
 * What the user chose about an IMAP store's folders and writes, beside the connection tuning.
 *
 * @param includeShared list other users' and shared namespaces too ({@code --include-shared})
 * @param appendCheck   how the messages appended to a target are read back ({@code --verify-append})
 * @param gmailOnce     on a Gmail source (X-GM-EXT-1) list only All Mail, Spam and Trash, whose
 *                      messages carry their labels: each message is read once (backup)
 * @param labels        where a Gmail archive's labels go on a target without labels ({@code --labels})
 */
public record ImapPolicy(boolean includeShared, AppendCheck appendCheck, boolean gmailOnce,
                         org.mailferry.store.LabelMode labels) {

    public static final ImapPolicy DEFAULT = new ImapPolicy(false, AppendCheck.HEADERS);

    public ImapPolicy(boolean includeShared, AppendCheck appendCheck) {
        this(includeShared, appendCheck, false, null);
    }

    public ImapPolicy(boolean includeShared, AppendCheck appendCheck, boolean gmailOnce) {
        this(includeShared, appendCheck, gmailOnce, null);
    }

    /** The policy of a target: every folder listed (a Gmail target's labels are mapped by role and name). */
    public ImapPolicy asTarget() {
        return new ImapPolicy(includeShared, appendCheck, false, labels);
    }

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
        labels = labels == null ? org.mailferry.store.LabelMode.FOLDERS : labels;
    }
}
