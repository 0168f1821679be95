package org.mailferry.imap;

import java.util.function.Consumer;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageRange;
import java.util.function.LongConsumer;
import org.mailferry.store.ReadAnomalies;
import org.mailferry.store.RetryStats;

/** An IMAP folder opened for reading on its own connection. Not thread-safe. */
final class ImapFolderSource implements FolderSource {

    private final FolderInfo info;
    private final FolderSession folder;
    private final ContentSpooler spooler;
    private final ImapTuning tuning;
    private final RetryStats stats;
    private final ReadAnomalies anomalies = new ReadAnomalies();
    private final ImapConnectionPool pool;

    ImapFolderSource(ImapConnectionPool pool, FolderInfo info, ContentSpooler spooler) {
        this.pool = pool;
        this.info = info;
        this.spooler = spooler;
        this.tuning = pool.endpoint().tuning();
        this.stats = new RetryStats();
        this.folder = new FolderSession(pool, BASE64MailboxDecoder.decode(info.rawName()), false, stats, anomalies);
    }

    @Override
    public FolderInfo folder() {
        return info;
    }

    @Override
    public long uidValidity() {
        return folder.uidValidity();
    }

    @Override
    public long highestModSeq() {
        return folder.highestModSeq();
    }

    @Override
    public MessageCursor messagesAfter(long afterUid) {
        return new ImapMessageCursor(folder, folder.call("UID SEARCH", f -> f.uidsAfter(afterUid)), spooler, tuning,
                pool);
    }

    @Override
    public MessageCursor messagesAfter(long afterUid, MessageRange filter, LongConsumer excluded) {
        if (filter.isAll()) {
            return messagesAfter(afterUid);
        }
        long[] all = folder.call("UID SEARCH", f -> f.uidsAfter(afterUid));
        long[] candidates = searched(afterUid, Long.MAX_VALUE, filter);
        java.util.Set<Long> taken = new java.util.HashSet<>();
        for (long u : candidates) {
            taken.add(u);
        }
        excluded.accept(java.util.Arrays.stream(all).filter(u -> !taken.contains(u)).count());
        return new ImapMessageCursor(folder, candidates, spooler, tuning, pool);
    }

    @Override
    public long[] uidsThrough(long throughUid, MessageRange filter) {
        return throughUid <= 0 ? new long[0]
                : searched(0, throughUid, filter);
    }

    /**
     * UIDs that may match {@code filter}. When the server refuses a SEARCH carrying the user's
     * {@code --search} keys, the keys are what is wrong: a usage error for the whole run, with the
     * server's words, not a failed folder.
     */
    private long[] searched(long afterUid, long throughUid, MessageRange filter) {
        try {
            return folder.call("UID SEARCH", f -> f.uidsBetween(afterUid, throughUid, filter));
        } catch (MailferryException e) {
            if (filter.search() == null) {
                throw e;
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.eclipse.angus.mail.iap.BadCommandException
                        || t instanceof org.eclipse.angus.mail.iap.CommandFailedException) {
                    throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "the server did not accept --search '"
                            + filter.search() + "': " + t.getMessage() + " (see RFC 3501 section 6.4.4 for the keys)", e);
                }
            }
            throw e;
        }
    }

    /** Fetches just these UIDs (those expunged meanwhile simply do not come back). */
    @Override
    public MessageCursor messages(long[] uids) {
        return new ImapMessageCursor(folder, uids.clone(), spooler, tuning, pool);
    }

    @Override
    public void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink) {
        long since = folder.condstore() ? sinceModSeq : 0;
        folder.call("UID FETCH FLAGS", f -> {
            f.flags(throughUid, since, sink);
            return null;
        });
    }

    @Override
    public long[] allUids() {
        return folder.call("UID SEARCH ALL", f -> f.uidsAfter(0));
    }

    @Override
    public ReadAnomalies anomalies() {
        return anomalies;
    }

    @Override
    public RetryStats retryStats() {
        return stats;
    }

    @Override
    public void close() {
        folder.close();
    }
}
