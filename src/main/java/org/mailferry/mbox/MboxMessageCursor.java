package org.mailferry.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Iterator;
import org.mailferry.archive.Sha256;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;

/**
 * The messages of an mbox in index order (ascending UID), each streaming its bytes from the mbox
 * text when opened. Each message is read once before it is handed out and checked against its
 * index line (size and SHA-256): a damaged one (truncated file, edited bytes, broken compressed
 * unit) is a {@link MessageFailure} naming the file and offset, and the cursor moves past it.
 * Not thread-safe.
 */
final class MboxMessageCursor implements MessageCursor {

    private final long uidValidity;
    private final MboxData data;
    private final Iterator<MboxEntry> entries;
    private final long count;
    private final long bytes;
    private final org.mailferry.archive.GmailIndex gmail;
    private final boolean checked;

    /** @param checked whether each message's bytes are checked against the index before it is handed out */
    MboxMessageCursor(long uidValidity, MboxData data, Collection<MboxEntry> entries,
                      org.mailferry.archive.GmailIndex gmail, boolean checked) {
        this.gmail = gmail;
        this.checked = checked;
        this.uidValidity = uidValidity;
        this.data = data;
        this.entries = entries.iterator();
        this.count = entries.size();
        this.bytes = entries.stream().mapToLong(MboxEntry::size).sum();
    }

    @Override
    public long expectedCount() {
        return count;
    }

    @Override
    public long expectedBytes() {
        return bytes;
    }

    @Override
    public SourceMessage next() {
        if (!entries.hasNext()) {
            return null;
        }
        MboxEntry e = entries.next();
        MboxEntryContent content = new MboxEntryContent(data, e);
        String damage = checked ? damageOf(content, e) : null;
        if (damage != null) {
            throw new MessageFailure(e.uid(), "message UID " + e.uid() + " in " + data.locate(e) + " is damaged ("
                    + damage + "); it was skipped");
        }
        return new SourceMessage(uidValidity, new MessageMeta(e.uid(), e.size(), e.internalDate(), e.flags(), false, gmail.get(e.uid())),
                content);
    }

    @Override
    public void close() {
        // nothing is open between messages
    }

    /** What is wrong with the message's bytes, or null when they match the index. */
    private static String damageOf(MboxEntryContent content, MboxEntry e) {
        try (InputStream in = content.open()) {
            String sha = Sha256.of(in);
            return sha.equals(e.sha256()) ? null : "its SHA-256 differs from the index";
        } catch (IOException ex) {
            return ex.getMessage();
        }
    }
}
