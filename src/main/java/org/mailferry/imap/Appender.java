package org.mailferry.imap;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.mailferry.store.MessageContent;

/**
 * APPENDs messages to the mailbox open on a folder's connection, each with its flags and
 * INTERNALDATE, streaming the bytes as literals: several messages in one MULTIAPPEND command
 * when the server offers it, and with LITERAL+ no round trip per message (Angus's own append
 * API buffers every message twice, drops INTERNALDATE for parsed messages and never uses
 * MULTIAPPEND). A MULTIAPPEND is all or nothing on the server. Not thread-safe.
 */
final class Appender {

    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) ([0-9:,]+)\\]",
            Pattern.CASE_INSENSITIVE);

    /** One message to append. {@code flagList} is an IMAP flag list such as {@code (\\Seen $label1)}. */
    record Item(MessageContent content, String flagList, Date internalDate) {
    }

    private final IMAPFolder folder;
    private final String mailbox;

    Appender(IMAPFolder folder, String decodedMailbox) {
        this.folder = folder;
        this.mailbox = decodedMailbox;
    }

    /**
     * Appends the items in one command (MULTIAPPEND when more than one). Returns the new UIDs in
     * order, or an empty list when the server has no UIDPLUS. A NO (too big, over quota, ...)
     * comes back as a MessagingException carrying the server's text.
     */
    List<Long> append(List<Item> items) throws MessagingException {
        Argument args = new Argument();
        args.writeString(BASE64MailboxEncoder.encode(mailbox));
        for (Item item : items) {
            args.writeAtom(item.flagList());
            args.writeString(INTERNALDATE.format(item.internalDate()));
            args.writeBytes(new ContentLiteral(item.content()));
        }
        Response tagged = (Response) folder.doCommand((IMAPProtocol p) -> {
            Response[] r = p.command("APPEND", args);
            p.notifyResponseHandlers(r);
            p.handleResult(r[r.length - 1]);
            return r[r.length - 1];
        });
        return appendUids(tagged.toString(), items.size());
    }

    static List<Long> appendUids(String taggedResponse, int expected) {
        Matcher m = APPENDUID.matcher(taggedResponse);
        if (!m.find()) {
            return List.of();
        }
        long[] uids = UIDSet.toArray(UIDSet.parseUIDSets(m.group(2)));
        List<Long> out = new ArrayList<>(uids.length);
        for (long u : uids) {
            out.add(u);
        }
        return out.size() == expected ? out : List.of();
    }
}
