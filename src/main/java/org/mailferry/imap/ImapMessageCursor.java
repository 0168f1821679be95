package org.mailferry.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
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
 * pieces straight to a spool file. Batches after the next one may be fetched ahead by spare
 * connections ({@link FetchLanes}); they are handed out in the same order. Bytes received are
 * checked against RFC822.SIZE: a message whose body the server did not send is reported as a
 * {@link MessageFailure}, never yielded empty. Not thread-safe.
 */
final class ImapMessageCursor implements MessageCursor {

    private static final Logger LOG = LoggerFactory.getLogger(ImapMessageCursor.class);

    private final FolderSession folder;
    private final ContentSpooler spooler;
    private final ImapTuning tuning;
    private final FetchLanes lanes;
    private final long[] uids;
    private final Deque<FetchedMeta> metas = new ArrayDeque<>();
    private final Deque<Unit> planned = new ArrayDeque<>();
    private final Deque<Object> ready = new ArrayDeque<>();
    private int nextPage;
    private long expectedBytes;
    private int fetchedAhead;

    /**
     * What one fetch brings, in UID order: a batch of small messages (fetched by the reader or
     * handed to a lane: {@code ahead}) or one large message (always by the reader).
     */
    private static final class Unit {
        final FetchedMeta[] batch;
        final boolean large;
        Future<List<Object>> ahead;

        Unit(FetchedMeta[] batch, boolean large) {
            this.batch = batch;
            this.large = large;
        }
    }

    /** Fetches the messages {@code uids} (ascending) that the folder has. */
    ImapMessageCursor(FolderSession folder, long[] uids, ContentSpooler spooler, ImapTuning tuning,
                      ImapConnectionPool pool) {
        this.folder = folder;
        this.spooler = spooler;
        this.tuning = tuning;
        this.uids = uids;
        this.lanes = new FetchLanes(folder, pool,
                (lane, batch) -> lane.call("UID FETCH bodies", u -> fetchBodies(lane, u, batch)),
                () -> spooler.hasRoomFor(2 * tuning.batchBytes()));
    }

    /** Batches handed out that a spare connection fetched. */
    int fetchedAhead() {
        return fetchedAhead;
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

    /** Every message's RFC822.SIZE, page by page, summed without keeping them (a plan reads no body). */
    @Override
    public long totalBytes() {
        long total = 0;
        for (int from = 0; from < uids.length; from += tuning.metaPage()) {
            long[] page = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + tuning.metaPage()));
            for (FetchedMeta m : folder.call("UID FETCH metadata", f -> f.meta(page))) {
                total += m.size();
            }
        }
        return total;
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
        plan();
        Unit u = planned.poll();
        if (u == null) {
            return false;
        }
        handOutAhead();
        List<Object> got = u.ahead == null ? null : lanes.collect(u.ahead);
        if (got != null) {
            fetchedAhead++;
            ready.addAll(got);
        } else if (u.batch[0].problem() != null) {
            ready.add(new MessageFailure(u.batch[0].uid(), u.batch[0].problem() + "; skipped"));
        } else if (u.large) {
            ready.add(streamLarge(u.batch[0]));
        } else {
            ready.addAll(bodiesOf(u.batch));
        }
        return true;
    }

    /**
     * The batch's bodies fetched by the reader; when the guard cut the answer off, each message
     * again on its own, so only the one past its size is reported damaged.
     */
    private List<Object> bodiesOf(FetchedMeta[] batch) {
        try {
            return folder.call("UID FETCH bodies", f -> fetchBodies(folder, f, batch));
        } catch (DamagedAnswer d) {
            if (batch.length == 1) {
                return List.of(damaged(batch[0], d.getMessage()));
            }
            List<Object> out = new ArrayList<>(batch.length);
            for (FetchedMeta m : batch) {
                out.addAll(bodiesOf(new FetchedMeta[] {m}));
            }
            return out;
        }
    }

    private static MessageFailure damaged(FetchedMeta m, String why) {
        return new MessageFailure(m.uid(), "damaged on the server: UID " + m.uid() + " (RFC822.SIZE " + m.size()
                + ") came with more bytes than it can have (" + why + "); skipped");
    }

    /** Plans the next fetch and one per lane that could work ahead, reading metadata pages as needed. */
    private void plan() {
        int want = 1 + lanes.capacity();
        while (planned.size() < want) {
            while (metas.isEmpty()) { // a page may bring nothing: all of it expunged meanwhile
                if (!readMetaPage()) {
                    return;
                }
            }
            FetchedMeta first = metas.peek();
            if (first.problem() != null || first.size() > tuning.partialFetchSize()) {
                planned.add(new Unit(new FetchedMeta[] {metas.poll()}, true));
            } else {
                planned.add(new Unit(nextBatch(), false));
            }
        }
    }

    /** Offers the planned batches after the next one to the lanes. */
    private void handOutAhead() {
        for (Unit u : planned) {
            if (!u.large && u.ahead == null) {
                u.ahead = lanes.offer(u.batch);
                if (u.ahead == null) {
                    return;
                }
            }
        }
    }

    private boolean readMetaPage() {
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

    private FetchedMeta[] nextBatch() {
        long bytes = 0;
        List<FetchedMeta> batch = new ArrayList<>();
        while (!metas.isEmpty() && batch.size() < tuning.batchMessages()) {
            FetchedMeta m = metas.peek();
            if (m.problem() != null || m.size() > tuning.partialFetchSize() || (!batch.isEmpty() && bytes + m.size() > tuning.batchBytes())) {
                break;
            }
            batch.add(metas.poll());
            bytes += m.size();
        }
        return batch.toArray(FetchedMeta[]::new);
    }

    /** Fetches the bodies of a batch on {@code on}: a message or a failure per meta, in order. */
    private List<Object> fetchBodies(FolderSession on, UidFetcher fetcher, FetchedMeta[] batch)
            throws jakarta.mail.MessagingException {
        long[] want = new long[batch.length];
        long[] sizes = new long[batch.length];
        for (int i = 0; i < batch.length; i++) {
            want[i] = batch[i].uid();
            sizes[i] = batch[i].size();
        }
        Map<Long, ByteArray> bodies;
        try {
            bodies = fetcher.bodies(want, sizes);
        } catch (jakarta.mail.MessagingException e) {
            String refusal = refusal(e);
            if (refusal == null) {
                throw e; // a dropped link, throttling: the session reconnects or waits
            }
            if (batch.length == 1) {
                return List.of(new MessageFailure(batch[0].uid(), "the server refused to send UID " + batch[0].uid()
                        + " (" + refusal + "); skipped"));
            }
            List<Object> out = new ArrayList<>(batch.length);
            for (FetchedMeta m : batch) { // each on its own: only the one the server refuses is skipped
                out.addAll(fetchBodies(on, fetcher, new FetchedMeta[] {m}));
            }
            return out;
        }
        List<Object> out = new ArrayList<>(batch.length);
        for (FetchedMeta m : batch) {
            ByteArray body = bodies.get(m.uid());
            if (body == null || (body.getCount() == 0 && m.size() > 0)) {
                out.add(new MessageFailure(m.uid(), "the server sent no body for UID " + m.uid()
                        + " (RFC822.SIZE " + m.size() + "); skipped"));
                continue;
            }
            if (body.getCount() > ResponseBudget.allowedFor(m.size())) {
                out.add(damaged(m, body.getCount() + " bytes"));
                continue;
            }
            checkSize(m, body.getCount());
            MessageContent content = spooler.fromBytes(body.getBytes(), body.getStart(), body.getCount());
            out.add(new SourceMessage(on.uidValidity(), m.meta(), content));
        }
        return out;
    }

    /**
     * The server's words when it answered a FETCH with NO for what was asked (a message it cannot
     * read: a damaged item, a quarantined one), null for anything else; throttling is not a refusal.
     */
    private static String refusal(jakarta.mail.MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.angus.mail.iap.CommandFailedException f) {
                String text = String.valueOf(f.getMessage()).strip();
                return ThrottleSignals.isThrottle(text) ? null : ImapErrors.withoutTag(text);
            }
        }
        return null;
    }

    private Object streamLarge(FetchedMeta m) {
        ContentSpooler.SpoolFile file = spooler.newFile();
        long received = 0;
        try (OutputStream out = file.output()) {
            int piece = tuning.partialFetchSize();
            while (true) {
                long from = received;
                String[] refused = {null};
                ByteArray part = folder.call("UID FETCH part", f -> {
                    try {
                        return f.bodyPart(m.uid(), from, piece);
                    } catch (jakarta.mail.MessagingException e) {
                        refused[0] = refusal(e);
                        if (refused[0] == null) {
                            throw e;
                        }
                        return null;
                    }
                });
                if (refused[0] != null) {
                    file.discard();
                    return new MessageFailure(m.uid(), "the server refused to send UID " + m.uid() + " ("
                            + refused[0] + "); skipped");
                }
                if (part == null || part.getCount() == 0) {
                    break;
                }
                out.write(part.getBytes(), part.getStart(), part.getCount());
                received += part.getCount();
                if (received > ResponseBudget.allowedFor(m.size())) {
                    file.discard(); // a server answering every range: the message would never end
                    return damaged(m, "more than " + received + " bytes in ranged fetches");
                }
                if (part.getCount() < piece && received >= m.size()) {
                    break; // a short piece ends the message only once RFC822.SIZE is reached; else the next is asked for
                }
            }
        } catch (DamagedAnswer d) {
            file.discard();
            return damaged(m, d.getMessage());
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

    /** A complete body of another length than RFC822.SIZE (Exchange does this): kept, counted, the real size recorded. */
    private void checkSize(FetchedMeta m, long received) {
        if (received != m.size()) {
            folder.anomalies().sizeMismatch();
            LOG.warn("UID {}: server announced {} bytes (RFC822.SIZE) but sent {}; kept what it sent", m.uid(),
                    m.size(), received);
        }
    }

    /** Releases messages fetched but not handed out, after the lanes' batches in flight. */
    @Override
    public void close() {
        for (Unit u : planned) {
            if (u.ahead != null) {
                List<Object> got = lanes.collect(u.ahead);
                if (got != null) {
                    ready.addAll(got);
                }
            }
        }
        planned.clear();
        lanes.close();
        for (Object o : ready) {
            if (o instanceof SourceMessage s) {
                s.close();
            }
        }
        ready.clear();
    }
}
