package org.mailferry.run;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFilter;
import org.mailferry.store.ReadAnomalies;
import org.mailferry.store.RetryStats;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;

/**
 * A source store seen through a {@link MessageFilter}: folders no message of which can match are
 * not listed, and each folder yields only the messages that match. Read-only.
 */
final class FilteredStore implements Store {

    private final Store delegate;
    private final MessageFilter filter;

    FilteredStore(Store delegate, MessageFilter filter) {
        this.delegate = delegate;
        this.filter = filter;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<FolderInfo> listFolders() {
        return delegate.listFolders().stream().filter(f -> filter.mayMatch(f.path())).toList();
    }

    @Override
    public Optional<FolderStatus> status(FolderInfo folder) {
        return Optional.empty(); // the folder's status counts messages the filter leaves out
    }

    @Override
    public FolderSource openSource(FolderInfo folder) {
        return new Source(delegate.openSource(folder), filter);
    }

    @Override
    public FolderSink openSink(FolderInfo source, FolderPath target) {
        throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "a filtered store is only read");
    }

    @Override
    public void close() {
        delegate.close();
    }

    private record Source(FolderSource delegate, MessageFilter filter) implements FolderSource {

        @Override
        public FolderInfo folder() {
            return delegate.folder();
        }

        @Override
        public long uidValidity() {
            return delegate.uidValidity();
        }

        @Override
        public long highestModSeq() {
            return delegate.highestModSeq();
        }

        @Override
        public MessageCursor messagesAfter(long afterUid) {
            return new Cursor(delegate.messagesAfter(afterUid), folder().path(), filter);
        }

        @Override
        public MessageCursor messages(long[] uids) {
            return new Cursor(delegate.messages(uids), folder().path(), filter);
        }

        @Override
        public void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink) {
            delegate.flagsThrough(throughUid, sinceModSeq, sink); // changes of messages never copied are ignored
        }

        @Override
        public ReadAnomalies anomalies() {
            return delegate.anomalies();
        }

        @Override
        public RetryStats retryStats() {
            return delegate.retryStats();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private record Cursor(MessageCursor delegate, FolderPath folder, MessageFilter filter) implements MessageCursor {

        @Override
        public long expectedCount() {
            return -1;
        }

        @Override
        public long expectedBytes() {
            return -1;
        }

        @Override
        public SourceMessage next() {
            for (SourceMessage m; (m = delegate.next()) != null; ) {
                if (filter.matches(folder, m)) {
                    return m;
                }
                m.close();
            }
            return null;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
