package org.mailferry.verify;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.mailferry.archive.HeldMessage;
import org.mailferry.imap.AngusResponses;
import org.mailferry.imap.ImapConnection;
import org.mailferry.imap.ImapEndpoint;
import org.mailferry.imap.ImapErrors;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SystemFlag;

/**
 * A live mailbox read for comparison, on one connection, without changing anything: folders are
 * EXAMINEd (read-only) and each is read with one {@code UID FETCH 1:* (UID RFC822.SIZE FLAGS)};
 * no body is fetched. Failures come translated by {@link ImapErrors}. Not thread-safe.
 */
final class LiveMailbox implements AutoCloseable {

    private final ImapConnection connection;

    private LiveMailbox(ImapConnection connection) {
        this.connection = connection;
    }

    static LiveMailbox open(ImapEndpoint endpoint) {
        return new LiveMailbox(ImapConnection.open(endpoint));
    }

    String describe() {
        return connection.endpoint().uri().describe();
    }

    List<FolderInfo> folders() {
        return connection.listFolders();
    }

    LiveFolder read(FolderInfo info) {
        String name = BASE64MailboxDecoder.decode(info.rawName());
        IMAPFolder folder = connection.examine(name);
        try {
            List<HeldMessage> messages = new ArrayList<>();
            if (folder.getMessageCount() > 0) {
                for (Response r : fetchAll(folder)) {
                    if (r instanceof FetchResponse fr && fr.getItem(UID.class) != null
                            && fr.getItem(RFC822SIZE.class) != null) {
                        messages.add(new HeldMessage(fr.getItem(UID.class).uid, fr.getItem(RFC822SIZE.class).size,
                                flags(fr.getItem(FLAGS.class)), null));
                    }
                }
            }
            messages.sort(Comparator.comparingLong(HeldMessage::uid));
            return new LiveFolder(info.path(), folder.getUIDValidity(), messages);
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, connection.endpoint(), "UID FETCH metadata in " + name);
        } finally {
            try {
                folder.close(false);
            } catch (MessagingException | RuntimeException e) {
                // read-only: nothing to lose
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    private static Response[] fetchAll(IMAPFolder folder) throws MessagingException {
        return (Response[]) folder.doCommand((IMAPProtocol p) -> {
            Response[] r = p.command("UID FETCH 1:* (UID RFC822.SIZE FLAGS)", null);
            p.notifyResponseHandlers(AngusResponses.withoutFetch(r));
            p.handleResult(r[r.length - 1]);
            return r;
        });
    }

    private static MessageFlags flags(Flags f) {
        if (f == null) {
            return MessageFlags.NONE;
        }
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        for (Flags.Flag s : f.getSystemFlags()) {
            SystemFlag mine = s == Flags.Flag.SEEN ? SystemFlag.SEEN : s == Flags.Flag.ANSWERED ? SystemFlag.ANSWERED
                    : s == Flags.Flag.FLAGGED ? SystemFlag.FLAGGED : s == Flags.Flag.DELETED ? SystemFlag.DELETED
                    : s == Flags.Flag.DRAFT ? SystemFlag.DRAFT : null;
            if (mine != null) {
                system.add(mine);
            }
        }
        return MessageFlags.of(system, Set.of(f.getUserFlags()));
    }
}
