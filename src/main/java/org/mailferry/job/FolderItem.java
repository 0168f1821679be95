package org.mailferry.job;

import org.mailferry.store.FlagChange;
import org.mailferry.store.SourceMessage;

/**
 * What flows through a folder's chunk step: flag changes of held messages first, then new
 * messages, then (mirror mode) messages deleted from the source.
 */
public sealed interface FolderItem permits FolderItem.NewMessage, FolderItem.FlagUpdate, FolderItem.Deletion {

    long uid();

    /** A message the sink does not hold yet; the writer closes it after writing. */
    record NewMessage(SourceMessage message) implements FolderItem {
        @Override
        public long uid() {
            return message.uid();
        }
    }

    /** The current flags of a message the sink already holds. */
    record FlagUpdate(FlagChange change) implements FolderItem {
        @Override
        public long uid() {
            return change.uid();
        }
    }

    /** A message the sink holds that the source no longer has (mirror mode). */
    record Deletion(long uid) implements FolderItem {
    }
}
