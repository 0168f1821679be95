package org.mailferry.e2e;

import java.util.Date;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;

/** Changes a test account between runs, with plain Angus (no mailferry code). */
final class MailboxEditor implements AutoCloseable {

    private final Store store;

    MailboxEditor(TestImapServer server, String user) throws MessagingException {
        this.store = ImapSnapshot.connect(new ImapSnapshot.Target(server.host(), server.imapsPort(),
                ImapSnapshot.Security.IMPLICIT_TLS, user, server.password(user), server.cert()));
    }

    /** Appends a small text message with the given subject, flags and INTERNALDATE. */
    void append(String folder, String subject, Flags flags, Date internalDate) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()));
        m.setFrom("Test <test@example.org>");
        m.setSubject(subject);
        m.setText("body of " + subject + "\r\n");
        m.setFlags(flags, true);
        m.setSentDate(internalDate);
        m.saveChanges();
        store.getFolder(folder).appendMessages(new Message[] {m});
    }

    /** Appends a small text message from {@code from} with this subject, Message-ID, flags and INTERNALDATE. */
    void append(String folder, String from, String subject, String messageId, Flags flags, Date internalDate)
            throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()));
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, "Alice <alice@example.org>");
        m.setSubject(subject, "UTF-8");
        m.setText("body of " + subject + "\r\n", "UTF-8");
        m.setFlags(flags, true);
        m.setSentDate(internalDate);
        m.saveChanges();
        m.setHeader("Message-ID", messageId);
        store.getFolder(folder).appendMessages(new Message[] {m});
    }

    /** Sets or clears a flag on the message with this UID. */
    void flag(String folder, long uid, Flags flags, boolean set) throws MessagingException {
        IMAPFolder f = (IMAPFolder) store.getFolder(folder);
        f.open(Folder.READ_WRITE);
        try {
            f.getMessageByUID(uid).setFlags(flags, set);
        } finally {
            f.close(false);
        }
    }

    /** Deletes and expunges the message with this UID. */
    void expunge(String folder, long uid) throws MessagingException {
        IMAPFolder f = (IMAPFolder) store.getFolder(folder);
        f.open(Folder.READ_WRITE);
        f.getMessageByUID(uid).setFlag(Flags.Flag.DELETED, true);
        f.close(true);
    }

    /**
     * Copies the messages of {@code from} with these UIDs (all when none given) into {@code to},
     * created if missing, with IMAP COPY: same bytes, flags and INTERNALDATE.
     */
    void copy(String from, String to, long... uids) throws MessagingException {
        IMAPFolder target = (IMAPFolder) store.getFolder(to);
        if (!target.exists()) {
            target.create(Folder.HOLDS_MESSAGES);
        }
        IMAPFolder f = (IMAPFolder) store.getFolder(from);
        f.open(Folder.READ_ONLY);
        try {
            Message[] messages = uids.length == 0 ? f.getMessages() : f.getMessagesByUID(uids);
            f.copyMessages(messages, target);
        } finally {
            f.close(false);
        }
    }

    /** Deletes the folder and creates it again: the server gives it a new UIDVALIDITY. */
    long recreate(String folder) throws MessagingException {
        IMAPFolder f = (IMAPFolder) store.getFolder(folder);
        f.delete(true);
        f.create(Folder.HOLDS_MESSAGES);
        return uidValidity(folder);
    }

    /** Deletes the folder with its messages. */
    void delete(String folder) throws MessagingException {
        store.getFolder(folder).delete(true);
    }

    long uidValidity(String folder) throws MessagingException {
        return ((IMAPFolder) store.getFolder(folder)).getUIDValidity();
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
