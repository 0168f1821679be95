package org.mailferry.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import org.eclipse.angus.mail.iap.ByteArray;
import org.mailferry.error.MailferryException;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.MessageContent;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the messages of an examined folder above a UID, in ascending order, with few round
 * trips: one {@code UID SEARCH}, metadata in pages, then bodies of small messages in
 * byte-bounded {@code UID FETCH} batches and each large message in {@code BODY.PEEK[]<o.n>}
 * pieces straight to a spool file. Bytes received are checked against RFC822.SIZE: a message
 * whose body the server did not send is reported as a {@link MessageFailure}, never yielded
 * empty. Not thread-safe.
 */
final class ImapMessageCursor implements MessageCursor {

    private static final Logger LOG = LoggerFactory.getLogger(ImapMessageCursor.class);

    private final OpenFolder folder;
    private final ContentSpooler spooler;
    private final ImapTuning tuning;
    private final long[] uids;
    private final Deque<FetchedMeta> metas = new ArrayDeque<>();
    private final Deque<Object> ready = new ArrayDeque<>();
    private int nextPage;
    private long expectedBytes;

    ImapMessageCursor(OpenFolder folder, long afterUid, ContentSpooler spooler, ImapTuning tuning) {
        this.folder = folder;
        this.spooler = spooler;
        this.tuning = tuning;
        this.uids = folder.call("UID SEARCH", f -> f.uidsAfter(afterUid));
    }

    @Override
    public long expectedCount() {
        return uids.length;
    }

    /** Bytes of the messages whose metadata has been seen so far (grows page by page). */
    @Override
    public long expectedBytes() {
        return expectedBytes;
    }

    @Override
    public SourceMessage next() {
        while (ready.isEmpty()) {
            if (!fill()) {
                return null;
            }
        }
        Object o = ready.poll();
        if (o instanceof MessageFailure f) {
            throw f;
        }
        return (SourceMessage) o;
    }

    private boolean fill() {
        if (metas.isEmpty()) {
            if (nextPage >= uids.length) {
                return false;
            }
            long[] page = Arrays.copyOfRange(uids, nextPage, Math.min(uids.length, nextPage + tuning.metaPage()));
            nextPage += page.length;
            for (FetchedMeta m : folder.call("UID FETCH metadata", f -> f.meta(page))) {
                metas.add(m);
                expectedBytes += m.size();
            }
            return true;
        }
        FetchedMeta first = metas.peek();
        if (first.size() > tuning.partialFetchSize()) {
            metas.poll();
            ready.add(streamLarge(first));
        } else {
            fetchBatch();
        }
        return true;
    }

    private void fetchBatch() {
        long bytes = 0;
        int n = 0;
        FetchedMeta[] batch = new FetchedMeta[tuning.batchMessages()];
        while (!metas.isEmpty() && n < batch.length) {
            FetchedMeta m = metas.peek();
            if (m.size() > tuning.partialFetchSize() || (n > 0 && bytes + m.size() > tuning.batchBytes())) {
                break;
            }
            batch[n++] = metas.poll();
            bytes += m.size();
        }
        long[] want = new long[n];
        for (int i = 0; i < n; i++) {
            want[i] = batch[i].uid();
        }
        Map<Long, ByteArray> bodies = folder.call("UID FETCH bodies", f -> f.bodies(want));
        for (int i = 0; i < n; i++) {
            FetchedMeta m = batch[i];
            ByteArray body = bodies.get(m.uid());
            if (body == null || (body.getCount() == 0 && m.size() > 0)) {
                ready.add(new MessageFailure(m.uid(), "the server sent no body for UID " + m.uid()
                        + " (RFC822.SIZE " + m.size() + "); skipped"));
                continue;
            }
            checkSize(m, body.getCount());
            MessageContent content = spooler.fromBytes(body.getBytes(), body.getStart(), body.getCount());
            ready.add(new SourceMessage(folder.uidValidity(), m.meta(), content));
        }
    }

    private Object streamLarge(FetchedMeta m) {
        ContentSpooler.SpoolFile file = spooler.newFile();
        long received = 0;
        try (OutputStream out = file.output()) {
            int piece = tuning.partialFetchSize();
            while (true) {
                long from = received;
                ByteArray part = folder.call("UID FETCH part", f -> f.bodyPart(m.uid(), from, piece));
                if (part == null || part.getCount() == 0) {
                    break;
                }
                out.write(part.getBytes(), part.getStart(), part.getCount());
                received += part.getCount();
                if (part.getCount() < piece) {
                    break;
                }
            }
        } catch (IOException e) {
            file.discard();
            throw MailferryException.archive("cannot spool UID " + m.uid() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            file.discard();
            throw e;
        }
        if (received == 0 && m.size() > 0) {
            file.discard();
            return new MessageFailure(m.uid(), "the server sent no body for UID " + m.uid()
                    + " (RFC822.SIZE " + m.size() + "); skipped");
        }
        checkSize(m, received);
        return new SourceMessage(folder.uidValidity(), m.meta(), file.finish(received));
    }

    private static void checkSize(FetchedMeta m, long received) {
        if (received != m.size()) {
            LOG.warn("UID {}: server announced {} bytes (RFC822.SIZE) but sent {}; kept what it sent", m.uid(),
                    m.size(), received);
        }
    }

    /** Releases messages fetched but not handed out. */
    @Override
    public void close() {
        for (Object o : ready) {
            if (o instanceof SourceMessage s) {
                s.close();
            }
        }
        ready.clear();
    }
}
