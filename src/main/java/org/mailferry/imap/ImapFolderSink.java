package org.mailferry.imap;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jakarta.mail.MessagingException;
import org.mailferry.error.MailferryException;
import org.mailferry.error.TransientFailure;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.RetryStats;
import org.mailferry.store.SkippedMessage;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SyncState;
import org.mailferry.store.SystemFlag;
import org.mailferry.store.TargetLedger;
import org.mailferry.store.WriteOutcome;

/**
 * Writes one source folder into an IMAP folder with APPEND (MULTIAPPEND + LITERAL+ where offered),
 * keeping bytes, flags, keywords (where PERMANENTFLAGS allow) and INTERNALDATE. The sync state
 * lives in the {@link TargetLedger} and commits with each chunk.
 * <p>
 * Exactly once: a message appended by a chunk that never committed sits above the ledger's
 * committed UIDNEXT; on open (and after any reconnect during an APPEND) those messages are read
 * as {@link PresentMessages} and a source message equal to one of them is recorded instead of
 * sent again. Without a ledger (a new job database) the whole target folder is matched that way
 * (Message-ID and size, else SHA-256), so a restore run twice never duplicates.
 * <p>
 * Messages the target refuses (over APPENDLIMIT or the configured limit, or a NO) are rejected
 * with the server's words; the rest goes on. Not thread-safe: one per partition.
 */
public final class ImapFolderSink implements FolderSink {

    private static final int MAX_BATCH_MESSAGES = 100;
    private static final long MAX_BATCH_BYTES = 16L << 20;

    private final FolderSession folder;
    private final String mailbox;
    private final FolderPath source;
    private final TargetLedger ledger;
    private final int pieceSize;
    private final long sizeLimit;
    private final boolean multiAppend;
    private final boolean anyKeyword;
    private final Set<String> allowedKeywords;
    private final Set<String> droppedKeywords = new TreeSet<>();
    private final List<String> notes = new ArrayList<>();
    private final RetryStats stats;
    private final ImapPolicy.AppendCheck appendCheck;
    private boolean readBackUnavailableNoted;
    private TargetLedger.Entry entry;
    private long sourceUidValidity;
    private long highWater;
    private PresentMessages present;
    private int reconnectsSeen;

    /**
     * @param mailbox   the target folder's full decoded name (it exists)
     * @param sizeLimit largest message to send, in bytes (0: only the server's APPENDLIMIT)
     * @param notes     what creating the folder involved, for the report
     * @param appendCheck how appended messages are read back and compared ({@link AppendReadBack})
     */
    ImapFolderSink(ImapConnectionPool pool, String mailbox, FolderPath source, TargetLedger ledger, long sizeLimit,
                   List<String> notes, ImapPolicy.AppendCheck appendCheck) {
        this.appendCheck = appendCheck;
        this.notes.addAll(notes);
        this.stats = new RetryStats();
        this.folder = new FolderSession(pool, mailbox, true, stats);
        this.mailbox = mailbox;
        this.source = source;
        this.ledger = ledger;
        this.pieceSize = pool.endpoint().tuning().partialFetchSize();
        long appendLimit = folder.capabilityValue("APPENDLIMIT");
        this.sizeLimit = smallestPositive(sizeLimit, appendLimit);
        this.multiAppend = folder.hasCapability("MULTIAPPEND");
        Set<String> permanent = Set.of(folder.permanentFlags());
        this.anyKeyword = permanent.contains("\\*");
        this.allowedKeywords = permanent;
        this.entry = ledger.load(source, mailbox).filter(e -> e.targetUidValidity() == folder.uidValidity()).orElse(null);
        this.highWater = entry != null ? entry.targetUidNext() : uidNextNow();
        this.present = entry != null && uidNextNow() > entry.targetUidNext()
                ? PresentMessages.scan(folder, entry.targetUidNext(), pieceSize)
                : entry == null ? PresentMessages.scan(folder, 1, pieceSize) : PresentMessages.none();
        this.reconnectsSeen = folder.reconnects();
        noteMissingDeliveries();
    }

    /**
     * Says when the target holds fewer messages than the ledger records as delivered (expunged or
     * reset behind mailferry's back, UIDVALIDITY kept): nothing is sent again unless asked, so
     * deliberate deletions on the target stay deleted.
     */
    private void noteMissingDeliveries() {
        if (entry == null) {
            return;
        }
        long delivered = ledger.sourceUids(source, entry).size();
        long held = folder.call("STATUS", f -> f.messages(mailbox));
        if (held < delivered) {
            notes.add(mailbox + " holds " + held + " messages but " + delivered + " were delivered to it: messages were"
                    + " deleted on the target; run the same command with --resync to send again what it lacks");
        }
    }

    private static long smallestPositive(long a, long b) {
        if (a <= 0) {
            return Math.max(0, b);
        }
        return b <= 0 ? a : Math.min(a, b);
    }

    private Boolean gmailTarget;
    private boolean labelsNoted;

    @Override
    public SyncState syncState() {
        return entry == null ? SyncState.EMPTY
                : new SyncState(entry.sourceUidValidity(), entry.lastSourceUid(), entry.sourceHighestModSeq());
    }

    @Override
    public Map<Long, SkippedMessage> skips() {
        return entry == null ? Map.of() : ledger.skips(source, mailbox, entry.sourceUidValidity());
    }

    @Override
    public SkippedMessage skipped(long uid, String reason) {
        return ledger.skipped(source, mailbox, sourceUidValidity, uid, reason);
    }

    @Override
    public void lost(java.util.Collection<Long> uids) {
        ledger.unskip(source, mailbox, sourceUidValidity, uids);
    }

    @Override
    public String beginGeneration(long uidValidity) {
        sourceUidValidity = uidValidity;
        if (entry == null || entry.sourceUidValidity() == uidValidity) {
            return null;
        }
        long old = entry.sourceUidValidity();
        entry = new TargetLedger.Entry(mailbox, uidValidity, 0, 0, entry.targetUidValidity(), entry.targetUidNext());
        present = PresentMessages.scan(folder, 1, pieceSize);
        return "folder " + source + ": the source's UIDVALIDITY changed from " + old + " to " + uidValidity
                + "; every message is matched again against what " + mailbox + " already holds";
    }

    @Override
    public List<WriteOutcome> write(List<SourceMessage> messages) {
        Map<SourceMessage, WriteOutcome> outcomes = new LinkedHashMap<>();
        List<TargetLedger.UidPair> copied = new ArrayList<>();
        List<SourceMessage> pending = new ArrayList<>();
        Set<Long> again = entry == null ? Set.of()
                : ledger.skips(source, mailbox, sourceUidValidity).keySet();
        // at or below the claim: delivered when the map says so (a UID an earlier filter left out is not)
        List<Long> below = messages.stream().map(SourceMessage::uid)
                .filter(uid -> entry != null && uid <= entry.lastSourceUid() && !again.contains(uid)).toList();
        Set<Long> delivered = below.isEmpty() ? Set.of() : ledger.targetUids(source, entry, below).keySet();
        for (SourceMessage m : messages) {
            if (delivered.contains(m.uid())) {
                outcomes.put(m, WriteOutcome.present(m.uid()));
            } else if (sizeLimit > 0 && m.content().size() > sizeLimit) {
                outcomes.put(m, WriteOutcome.rejected(m.uid(), "message of " + m.content().size()
                        + " bytes is over the target's limit of " + sizeLimit + " bytes"));
            } else if (m.content().size() > Integer.MAX_VALUE) {
                outcomes.put(m, WriteOutcome.rejected(m.uid(), "message over 2 GiB cannot be sent with APPEND"));
            } else {
                pending.add(m);
            }
        }
        while (!pending.isEmpty()) {
            List<SourceMessage> batch = nextBatch(pending);
            try {
                rescanIfReconnected();
                List<SourceMessage> toSend = new ArrayList<>();
                for (SourceMessage m : batch) {
                    Long there = present.take(m);
                    if (there != null) {
                        outcomes.put(m, WriteOutcome.present(m.uid()));
                        copied.add(new TargetLedger.UidPair(m.uid(), there));
                    } else {
                        toSend.add(m);
                    }
                }
                send(toSend, outcomes, copied);
                pending.removeAll(batch);
            } catch (FolderSession.Reconnected r) {
                // the batch may have landed: look at the target again before resending it
            }
        }
        long lastUid = messages.stream().mapToLong(SourceMessage::uid).max().orElse(0);
        entry = new TargetLedger.Entry(mailbox, sourceUidValidity,
                Math.max(lastUid, entry == null ? 0 : entry.lastSourceUid()),
                entry == null ? 0 : entry.sourceHighestModSeq(), folder.uidValidity(), highWater);
        ledger.save(source, entry, copied);
        if (!again.isEmpty()) {
            ledger.unskip(source, mailbox, sourceUidValidity, outcomes.values().stream()
                    .filter(o -> o.kind() != WriteOutcome.Kind.REJECTED).map(WriteOutcome::uid).filter(again::contains).toList());
        }
        List<WriteOutcome> out = new ArrayList<>(messages.size());
        for (SourceMessage m : messages) {
            out.add(outcomes.get(m));
        }
        return out;
    }

    private List<SourceMessage> nextBatch(List<SourceMessage> pending) {
        if (!multiAppend) {
            return List.of(pending.get(0));
        }
        List<SourceMessage> batch = new ArrayList<>();
        long bytes = 0;
        for (SourceMessage m : pending) {
            if (!batch.isEmpty() && (batch.size() >= MAX_BATCH_MESSAGES || bytes + m.content().size() > MAX_BATCH_BYTES)) {
                break;
            }
            batch.add(m);
            bytes += m.content().size();
        }
        return batch;
    }

    /** Appends the batch; on a NO for several messages, retries them one by one to find the refused ones. */
    private void send(List<SourceMessage> batch, Map<SourceMessage, WriteOutcome> outcomes,
                      List<TargetLedger.UidPair> copied) {
        if (batch.isEmpty()) {
            return;
        }
        List<Appender.Item> items = batch.stream().map(this::item).toList();
        long before = highWater;
        List<Long> uids;
        try {
            uids = folder.callOnce("APPEND", f -> f.appender(mailbox).append(items));
        } catch (MailferryException e) {
            if (e instanceof TransientFailure || !(e.getCause() instanceof MessagingException)) {
                throw e;
            }
            String reason = serverText(e);
            MailferryException overQuota = ImapErrors.overQuota(reason, e);
            if (overQuota != null) {
                throw overQuota;
            }
            if (batch.size() > 1) {
                for (SourceMessage m : batch) {
                    send(List.of(m), outcomes, copied);
                }
                return;
            }
            SourceMessage m = batch.get(0);
            outcomes.put(m, WriteOutcome.rejected(m.uid(), "the target refused it: " + reason));
            return;
        }
        highWater = uids.isEmpty() ? uidNextNow() : Math.max(before, uids.get(uids.size() - 1) + 1);
        Map<SourceMessage, String> altered = readBack(batch, uids.isEmpty() ? movedThrough(before, batch.size()) : uids);
        if (!uids.isEmpty()) {
            relabel(batch, uids);
        }
        for (int i = 0; i < batch.size(); i++) {
            SourceMessage m = batch.get(i);
            String how = altered.get(m);
            outcomes.put(m, how == null ? WriteOutcome.written(m.uid(), m.content().size())
                    : WriteOutcome.altered(m.uid(), m.content().size(), how));
            if (!uids.isEmpty()) {
                copied.add(new TargetLedger.UidPair(m.uid(), uids.get(i)));
            }
        }
    }

    /**
     * On Gmail (X-GM-EXT-1) the messages just appended get their labels again, one
     * {@code UID STORE +X-GM-LABELS} per distinct label set (repeating it is harmless).
     */
    private void relabel(List<SourceMessage> batch, List<Long> uids) {
        Map<List<String>, List<Long>> byLabels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            org.mailferry.store.GmailMeta g = batch.get(i).meta().gmail();
            if (g != null && !g.labels().isEmpty()) {
                byLabels.computeIfAbsent(g.labels(), k -> new ArrayList<>()).add(uids.get(i));
            }
        }
        if (byLabels.isEmpty() || !gmailTarget()) {
            return;
        }
        for (Map.Entry<List<String>, List<Long>> e : byLabels.entrySet()) {
            long[] targets = e.getValue().stream().mapToLong(Long::longValue).toArray();
            folder.call("UID STORE +X-GM-LABELS", f -> {
                f.addLabels(targets, e.getKey());
                return null;
            });
        }
        if (!labelsNoted) {
            labelsNoted = true;
            notes.add("Gmail target: each message appended once to " + mailbox
                    + ", its labels set again with STORE +X-GM-LABELS");
        }
    }

    private boolean gmailTarget() {
        if (gmailTarget == null) {
            gmailTarget = folder.gmail();
        }
        return gmailTarget;
    }

    /**
     * Without APPENDUID, the UIDs the batch got when UIDNEXT moved by exactly its size (nothing else
     * arrived meanwhile: UIDs ascend, so each message took one of them, in order); else none.
     */
    private List<Long> movedThrough(long before, int count) {
        if (before <= 0 || highWater - before != count) {
            return List.of();
        }
        List<Long> out = new ArrayList<>(count);
        for (long u = before; u < highWater; u++) {
            out.add(u);
        }
        return out;
    }

    /**
     * Reads the batch back from the target in one command (the UIDs APPENDUID gave, else those
     * UIDNEXT moved through) and returns the messages it holds differently, with how. When neither
     * names them, nothing can be read back: noted once.
     */
    private Map<SourceMessage, String> readBack(List<SourceMessage> batch, List<Long> uids) {
        Map<SourceMessage, String> altered = new java.util.HashMap<>();
        if (appendCheck == ImapPolicy.AppendCheck.NONE) {
            return altered;
        }
        if (uids.isEmpty()) {
            if (!readBackUnavailableNoted) {
                readBackUnavailableNoted = true;
                notes.add("the target gives no UIDs for appended messages (no UIDPLUS) and other messages arrived"
                        + " meanwhile: some were not read back");
            }
            return altered;
        }
        long[] asked = uids.stream().mapToLong(Long::longValue).toArray();
        long[] sent = batch.stream().mapToLong(m -> m.content().size()).toArray();
        Map<Long, AppendReadBack.Copy> stored = folder.call("UID FETCH read-back",
                f -> f.readBack(asked, sent, appendCheck == ImapPolicy.AppendCheck.FULL));
        for (int i = 0; i < batch.size(); i++) {
            try {
                String how = AppendReadBack.difference(batch.get(i).content(), stored.get(uids.get(i)), appendCheck);
                if (how != null) {
                    altered.put(batch.get(i), how + " (target UID " + uids.get(i) + " in " + mailbox + ")");
                }
            } catch (java.io.IOException e) {
                throw MailferryException.folder("cannot read back message UID " + batch.get(i).uid() + ": "
                        + e.getMessage(), e);
            }
        }
        return altered;
    }

    private Appender.Item item(SourceMessage m) {
        return new Appender.Item(m.content(), flagList(m.meta().flags()), Date.from(m.meta().internalDate()));
    }

    /** The IMAP flag list to store, without keywords the folder cannot keep (noted once each). */
    String flagList(MessageFlags flags) {
        List<String> names = new ArrayList<>();
        for (SystemFlag f : flags.system()) {
            names.add(f.imapName());
        }
        for (String k : flags.keywords()) {
            if (anyKeyword || allowedKeywords.contains(k)) {
                names.add(k);
            } else if (droppedKeywords.add(k)) {
                notes.add("keyword " + k + " cannot be stored in " + mailbox + " (not in its PERMANENTFLAGS); dropped");
            }
        }
        return "(" + String.join(" ", names) + ")";
    }

    private void rescanIfReconnected() {
        if (folder.reconnects() != reconnectsSeen) {
            reconnectsSeen = folder.reconnects();
            present = PresentMessages.scan(folder, highWater, pieceSize);
        }
    }

    private long uidNextNow() {
        return folder.call("STATUS", f -> f.uidNext(mailbox));
    }

    private static String serverText(Exception e) {
        String m = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        return m == null ? "no reason given" : ImapErrors.withoutTag(m);
    }

    @Override
    public int updateFlags(List<FlagChange> changes) {
        if (entry == null || changes.isEmpty()) {
            return 0;
        }
        Map<Long, FlagChange> bySource = new LinkedHashMap<>();
        changes.forEach(c -> bySource.put(c.uid(), c));
        Map<Long, Long> targetUids = ledger.targetUids(source, entry, bySource.keySet());
        if (targetUids.isEmpty()) {
            return 0;
        }
        long[] targets = targetUids.values().stream().mapToLong(Long::longValue).toArray();
        Map<Long, MessageFlags> current = folder.call("UID FETCH FLAGS", f -> f.flagsOf(targets));
        Map<String, List<Long>> byList = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> e : targetUids.entrySet()) {
            MessageFlags wanted = bySource.get(e.getKey()).flags();
            MessageFlags now = current.get(e.getValue());
            if (now != null && !keepable(wanted).equals(keepable(now))) {
                byList.computeIfAbsent(flagList(wanted), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        int changed = 0;
        for (Map.Entry<String, List<Long>> e : byList.entrySet()) {
            long[] uids = e.getValue().stream().mapToLong(Long::longValue).toArray();
            folder.call("UID STORE", f -> {
                f.replaceFlags(uids, e.getKey());
                return null;
            });
            changed += uids.length;
        }
        return changed;
    }

    private MessageFlags keepable(MessageFlags f) {
        Set<String> keywords = new TreeSet<>();
        for (String k : f.keywords()) {
            if (anyKeyword || allowedKeywords.contains(k)) {
                keywords.add(k);
            }
        }
        return MessageFlags.of(f.system(), keywords);
    }

    @Override
    public void completePass(long highestModSeq) {
        if (entry != null) {
            entry = new TargetLedger.Entry(entry.targetFolder(), entry.sourceUidValidity(), entry.lastSourceUid(),
                    highestModSeq, entry.targetUidValidity(), entry.targetUidNext());
            ledger.save(source, entry, List.of());
        }
    }

    /** The filter of the ledger's claim; none while the ledger holds no state for the folder (nothing is claimed). */
    @Override
    public org.mailferry.store.MessageRange filterInForce() {
        return entry == null ? org.mailferry.store.MessageRange.ALL : ledger.filter(source, mailbox, sourceUidValidity);
    }

    @Override
    public void recordFilter(org.mailferry.store.MessageRange filter) {
        ledger.recordFilter(source, mailbox, sourceUidValidity, filter);
    }

    @Override
    public Set<Long> heldSourceUids() {
        return entry == null ? Set.of() : ledger.sourceUids(source, entry);
    }

    /**
     * Mirror mode: flags the copies \\Deleted and expunges exactly those (UID EXPUNGE, UIDPLUS).
     * An IMAP target keeps no dates: only {@code keep == ZERO} is possible.
     */
    @Override
    public int removeGone(java.util.Collection<Long> sourceUids, java.time.Duration keep) {
        if (!keep.isZero()) {
            throw new MailferryException(org.mailferry.error.FailureScope.STORE, org.mailferry.error.ExitCode.USAGE,
                    "a delay before removing deleted mail applies to archives; for a mailbox use --delete-extra-on-target");
        }
        if (entry == null || sourceUids.isEmpty()) {
            return 0;
        }
        if (!folder.hasCapability("UIDPLUS")) {
            throw MailferryException.folder("mirror mode needs UIDPLUS on the target to expunge only mailferry's"
                    + " copies; " + mailbox + " does not offer it", null);
        }
        Map<Long, Long> targets = ledger.targetUids(source, entry, sourceUids);
        if (!targets.isEmpty()) {
            long[] uids = targets.values().stream().mapToLong(Long::longValue).toArray();
            folder.call("UID EXPUNGE", f -> {
                f.expunge(uids);
                return null;
            });
        }
        ledger.forget(source, entry, sourceUids);
        return targets.size();
    }

    @Override
    public List<String> drainNotes() {
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
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
