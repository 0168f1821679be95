package org.mailferry.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.mailferry.archive.ArchiveStore;

/**
 * What an archive holds, for {@code ls} and {@code search}: folders with their counts and sizes,
 * and the messages of a folder with the header fields that identify them, read through the
 * archive's own sources as listings (read-only, one message at a time: memory does not grow with
 * the archive; a message's bytes are read only for a header the index lacks or for --text).
 */
public final class ArchiveCatalog {

    /** A folder of the archive. */
    public record FolderEntry(String folder, long messages, long bytes) {
    }

    private final ArchiveStore archive;

    public ArchiveCatalog(ArchiveStore archive) {
        this.archive = archive;
    }

    public List<FolderInfo> folders() {
        return archive.listFolders();
    }

    /** The folder's message count and size, from the archive's index when it has one, else by listing. */
    public FolderEntry entry(FolderInfo folder) {
        try (FolderSource source = archive.openSource(folder); MessageCursor cursor = source.listingAfter(0)) {
            long count = cursor.expectedCount();
            long bytes = cursor.expectedBytes();
            if (count < 0 || bytes < 0) {
                count = 0;
                bytes = 0;
                for (SourceMessage m; (m = cursor.next()) != null; ) {
                    try (SourceMessage held = m) {
                        count++;
                        bytes += held.meta().size();
                    }
                }
            }
            return new FolderEntry(folder.path().display(), count, bytes);
        }
    }

    /**
     * Every message of {@code folder} that {@code query} matches, in UID order, handed to
     * {@code out} until it returns false (paging). Header fields come from the folder's
     * {@link HeaderIndex} when it has them (read from the message and added otherwise).
     */
    public void messages(FolderInfo folder, MessageQuery query, Predicate<MessageSummary> out) {
        if (!query.mayMatch(folder.path())) {
            return;
        }
        java.util.Optional<String> token = archive.changeToken(folder); // taken before anything is listed
        try (FolderSource source = archive.openSource(folder)) {
            if (query.texts().isEmpty() && HeaderIndex.scanIfWhole(archive.root(), folder.path().display(),
                    source.uidValidity(), token, query::mayMatchRaw, e -> !matches(folder, query, e) || out.test(
                            summary(folder, e.uid(), e.meta(), e)))) {
                return; // the folder has not changed since the index was whole: no file of it listed
            }
            HeaderIndex index = HeaderIndex.load(archive.root(), folder.path().display(), source.uidValidity());
            try (MessageCursor cursor = source.listingAfter(0)) {
                java.util.Set<Long> held = new java.util.HashSet<>();
                boolean whole = true;
                for (SourceMessage m; (m = cursor.next()) != null; ) {
                    try (SourceMessage message = m) {
                        held.add(message.uid());
                        HeaderIndex.Entry e = index.get(message.uid());
                        if (e == null) {
                            e = HeaderIndex.Entry.read(message);
                            index.put(e);
                        } else if (!e.records(message.meta())) {
                            e = e.withMeta(message.meta()); // flags changed since, or an entry without them
                            index.put(e);
                        }
                        if (query.matchesMetadata(folder.path(), message) && query.matchesHeaders(e.fields())
                                && query.matchesText(message) && !out.test(summary(folder, message.uid(), message.meta(), e))) {
                            whole = false;
                            break;
                        }
                    } catch (IOException ex) {
                        throw new UncheckedIOException("reading message " + m.uid() + " of " + folder.path().display(), ex);
                    }
                }
                if (whole) {
                    index.retainOnly(held);
                    index.markWhole(token);
                }
            }
            index.saveIfChanged();
        }
    }

    /** Whether an entry of a whole index matches: header fields, then (only when asked for) its metadata. */
    private static boolean matches(FolderInfo folder, MessageQuery query, HeaderIndex.Entry e) {
        return query.matchesHeaders(e.from(), e.to(), e.cc(), e.subject(), e.messageId())
                && (!query.needsMetadata() || query.matchesMetadata(folder.path(), e.uid(), e.meta()));
    }

    private static MessageSummary summary(FolderInfo folder, long uid, org.mailferry.store.MessageMeta meta,
                                          HeaderIndex.Entry e) {
        return new MessageSummary(folder.path().display(), uid, meta.internalDate(), meta.size(),
                meta.flags().imapNames(), e.from(), e.to(), e.subject(), e.messageId());
    }
}
