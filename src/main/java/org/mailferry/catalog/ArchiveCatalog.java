package org.mailferry.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;

/**
 * What an archive holds, for {@code ls} and {@code search}: folders with their counts and sizes,
 * and the messages of a folder with the header fields that identify them, read through the
 * archive's own sources (read-only, one message at a time: memory does not grow with the archive).
 */
public final class ArchiveCatalog {

    /** A folder of the archive. */
    public record FolderEntry(String folder, long messages, long bytes) {
    }

    private final Store archive;

    public ArchiveCatalog(Store archive) {
        this.archive = archive;
    }

    public List<FolderInfo> folders() {
        return archive.listFolders();
    }

    /** The folder's message count and size, from the archive's index when it has one, else by listing. */
    public FolderEntry entry(FolderInfo folder) {
        try (FolderSource source = archive.openSource(folder); MessageCursor cursor = source.messagesAfter(0)) {
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
     * {@code out} until it returns false (paging).
     */
    public void messages(FolderInfo folder, MessageQuery query, Predicate<MessageSummary> out) {
        if (!query.mayMatch(folder.path())) {
            return;
        }
        try (FolderSource source = archive.openSource(folder); MessageCursor cursor = source.messagesAfter(0)) {
            for (SourceMessage m; (m = cursor.next()) != null; ) {
                try (SourceMessage held = m) {
                    if (query.matches(folder.path(), held) && !out.test(summary(folder, held))) {
                        return;
                    }
                }
            }
        }
    }

    private static MessageSummary summary(FolderInfo folder, SourceMessage m) {
        HeaderFields h;
        try (InputStream in = m.content().open()) {
            h = HeaderFields.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading message " + m.uid() + " of " + folder.path().display(), e);
        }
        return new MessageSummary(folder.path().display(), m.uid(), m.meta().internalDate(), m.meta().size(),
                m.meta().flags().imapNames(), h.get("from"), h.get("to"), h.get("subject"), h.get("message-id"));
    }
}
