package org.mailferry.mbox;

import org.mailferry.archive.GoneLedger;
import org.mailferry.archive.SkipLedger;
import org.mailferry.store.SkippedMessage;
import java.util.Set;
import java.util.HashSet;
import java.util.Collection;
import java.time.Instant;
import java.time.Duration;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.archive.Compression;
import org.mailferry.archive.GenerationChange;
import org.mailferry.error.MailferryException;
import org.mailferry.error.MessageFailure;
import org.mailferry.mbox.MboxIndexLines.FlagsUpdate;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SyncState;
import org.mailferry.store.WriteOutcome;
import org.mailferry.util.PrivateFiles;

/**
 * Writes one source folder into an mbox and its sidecar index (format: {@code package-info}).
 * <p>
 * Exactly once, with the index as the commit log: {@link #write} appends the entries (compressed,
 * as units: {@link MboxAppender}), fsyncs the data file, then appends their index lines and
 * fsyncs the index. A message the index holds is {@code ALREADY_PRESENT}; one below the highest
 * indexed UID that it lacks (skipped before, recorded in {@code NAME.mbox.skipped.json}) is put
 * in its UID place by a crash-safe rewrite ({@link MboxCompaction}). Opening runs {@link MboxIndex#recover}, which drops what a crash left
 * uncommitted; a failed write cuts the data file back itself. A message whose content cannot be
 * read is {@code REJECTED} and leaves nothing behind. The compression of a folder is the one its
 * index records; a new folder (or a new generation) gets the store's.
 * <p>
 * The sync state is the state file's UIDVALIDITY and HIGHESTMODSEQ with the highest indexed UID.
 * A new UIDVALIDITY moves the files holding messages to the folder
 * {@link ArchivedFolder#retiredPath} and starts an empty mbox. One per partition; not thread-safe;
 * holds the mbox and index open until {@link #close()}.
 */
final class MboxFolderSink implements FolderSink {

    private final MboxLayout layout;
    private final MboxFiles files;
    private org.mailferry.archive.GmailIndex gmail;
    private final Compression compressionIfNew;
    private final Runnable onClose;
    private ArchivedFolder state;
    private SkipLedger skips;
    private MboxIndex index;
    private Path dataFile;
    private FileChannel data;
    private boolean closed;
    private final List<String> notes = new ArrayList<>();

    private MboxFolderSink(MboxLayout layout, MboxFiles files, ArchivedFolder state, Compression compressionIfNew,
                           Runnable onClose) {
        this.layout = layout;
        this.files = files;
        this.state = state;
        this.compressionIfNew = compressionIfNew;
        this.onClose = onClose;
    }

    /**
     * Opens the folder whose files {@code layout} gave; {@code initialState} is written when the
     * folder has no state file; {@code compressionIfNew} is used when it has no index.
     * {@code onClose} runs once, when the sink closes.
     */
    static MboxFolderSink open(MboxLayout layout, MboxFiles files, ArchivedFolder initialState,
                               Compression compressionIfNew, Runnable onClose) {
        ArchivedFolder state = ArchivedFolder.read(files.state()).orElseGet(() -> {
            initialState.write(files.state());
            return initialState;
        });
        MboxFolderSink sink = new MboxFolderSink(layout, files, state, compressionIfNew, onClose);
        sink.openFiles();
        return sink;
    }

    @Override
    public SyncState syncState() {
        return new SyncState(state.uidValidity(), index.lastUid(), state.highestModSeq());
    }

    @Override
    public long heldCount() {
        return index.entries().size();
    }

    @Override
    public String beginGeneration(long uidValidity) {
        java.util.Optional<GenerationChange> change = GenerationChange.of(state.path().toString(), state.uidValidity(),
                uidValidity, state.uidValidity() == 0 ? 0 : index.entries().size());
        if (change.isEmpty()) {
            return null;
        }
        String note = change.get().note(change.get().setsAside() ? retire() : null);
        state = state.withUidValidity(uidValidity).withHighestModSeq(0).withFilter(null);
        state.write(files.state());
        if (data == null) {
            openFiles();
        }
        return note;
    }

    @Override
    public List<WriteOutcome> write(List<SourceMessage> messages) {
        if (state.uidValidity() == 0) {
            throw new IllegalStateException("beginGeneration must come before write");
        }
        for (SourceMessage m : messages) {
            if (m.uidValidity() != state.uidValidity()) {
                throw new IllegalArgumentException("message " + m.uid() + " of UIDVALIDITY " + m.uidValidity()
                        + " written to folder " + state.path() + " of UIDVALIDITY " + state.uidValidity());
            }
        }
        List<WriteOutcome> outcomes = new ArrayList<>(messages.size());
        java.util.Map<Long, org.mailferry.store.GmailMeta> fields = new java.util.TreeMap<>();
        for (SourceMessage m : messages) {
            if (m.meta().gmail() != null && index.entry(m.uid()) == null) {
                fields.put(m.uid(), m.meta().gmail());
            }
        }
        gmail.record(fields);
        List<MboxEntry> written = new ArrayList<>();
        List<SourceMessage> inserts = new ArrayList<>();
        List<MboxFrame> units;
        long lastUid = index.lastUid();
        MboxAppender appender = MboxAppender.start(data, index.compression(), index.end(), index.dataEnd());
        try {
            for (SourceMessage m : messages) {
                if (m.uid() <= lastUid) {
                    // held: indexed, written earlier in this chunk (indexed only after the loop), or queued
                    boolean missing = index.entry(m.uid()) == null && written.stream().noneMatch(e -> e.uid() == m.uid())
                            && inserts.stream().noneMatch(i -> i.uid() == m.uid());
                    if (missing) {
                        inserts.add(m); // skipped before, fetched again: goes in its UID place below
                    }
                    outcomes.add(missing ? null : WriteOutcome.present(m.uid()));
                    continue;
                }
                try {
                    MboxEntry e = appender.append(m);
                    written.add(e);
                    lastUid = m.uid();
                    outcomes.add(WriteOutcome.written(m.uid(), e.size()));
                } catch (MessageFailure f) {
                    outcomes.add(WriteOutcome.rejected(m.uid(), f.getMessage()));
                }
            }
            units = appender.finish();
        } catch (IOException e) {
            rollBack(e);
            throw ArchiveErrors.write(dataFile, e);
        } catch (RuntimeException e) {
            rollBack(e);
            throw e;
        }
        try {
            index.append(written, units);
        } catch (IOException e) {
            rollBack(e);
            throw ArchiveErrors.write(files.index(), e);
        }
        if (!inserts.isEmpty()) {
            insert(inserts, outcomes);
        }
        skips.forget(outcomes.stream().filter(o -> o.kind() == WriteOutcome.Kind.WRITTEN).map(WriteOutcome::uid).toList());
        return outcomes;
    }

    /**
     * Puts messages below the highest UID held in their places ({@link MboxCompaction}, which
     * rewrites the folder: rare, only messages skipped before and fetched again) and fills their
     * outcomes in (the null ones, in order).
     */
    private void insert(List<SourceMessage> inserts, List<WriteOutcome> outcomes) {
        MboxIndex current = index;
        closeFiles();
        java.util.Map<Long, WriteOutcome> done;
        try {
            done = MboxCompaction.rewrite(files, current, List.of(), inserts);
        } finally {
            openFiles();
        }
        int next = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) {
                outcomes.set(i, done.get(inserts.get(next++).uid()));
            }
        }
    }

    @Override
    public java.util.Map<Long, SkippedMessage> skips() {
        java.util.Map<Long, SkippedMessage> out = new java.util.TreeMap<>(skips.missing(uid -> index.entry(uid) != null));
        out.values().removeIf(m -> m.attempts() == 0);
        return out;
    }

    /** The Gmail sidecar lost the labels of messages the mbox holds: the copy reads them from the source again. */
    @Override
    public boolean recordsIncomplete() {
        return gmail.lacksAnyOf(index.entries().stream().map(MboxEntry::uid).toList());
    }

    /** Messages the check at open cut out of the file as damaged ({@link MboxTailRepair#damaged}) and it still lacks. */
    @Override
    public long[] wanted() {
        return skips.missing(uid -> index.entry(uid) != null).values().stream().filter(m -> m.attempts() == 0)
                .mapToLong(SkippedMessage::uid).toArray();
    }

    @Override
    public SkippedMessage skipped(long uid, String reason) {
        return skips.failed(uid, reason);
    }

    @Override
    public void lost(Collection<Long> uids) {
        skips.forget(uids);
    }

    @Override
    public int updateFlags(List<FlagChange> changes) {
        List<FlagsUpdate> updates = new ArrayList<>();
        java.util.Map<Long, org.mailferry.store.GmailMeta> labels = new java.util.TreeMap<>();
        for (FlagChange c : changes) {
            if (c.gmail() != null && index.entry(c.uid()) != null && !c.gmail().equals(gmail.get(c.uid()))) {
                labels.put(c.uid(), c.gmail());
            }
        }
        gmail.record(labels);
        for (FlagChange c : changes) {
            MboxEntry held = index.entry(c.uid());
            if (held != null && !held.flags().equals(c.flags())) {
                updates.add(new FlagsUpdate(c.uid(), c.flags()));
            }
        }
        try {
            index.appendFlags(updates);
        } catch (IOException e) {
            throw ArchiveErrors.write(files.index(), e);
        }
        Set<Long> changed = new HashSet<>(labels.keySet());
        updates.forEach(u -> changed.add(u.uid()));
        return changed.size();
    }

    @Override
    public Set<Long> heldSourceUids() {
        Set<Long> uids = new HashSet<>();
        index.entries().forEach(e -> uids.add(e.uid()));
        return uids;
    }

    /** Retention: rewrites the mbox without the messages gone from the source for at least {@code keep}. */
    @Override
    public int removeGone(Collection<Long> gone, Duration keep) {
        GoneLedger ledger = GoneLedger.load(files.gone());
        List<Long> due = ledger.due(gone, Instant.now(), keep).stream().filter(u -> index.entry(u) != null).toList();
        if (!due.isEmpty()) {
            MboxIndex current = index;
            closeFiles();
            MboxCompaction.rewrite(files, current, due);
            openFiles();
        }
        ledger.removed(due);
        return due.size();
    }

    @Override
    public List<String> drainNotes() {
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
    }

    @Override
    public org.mailferry.store.MessageRange filterInForce() {
        return state.filterInForce();
    }

    @Override
    public void recordFilter(org.mailferry.store.MessageRange filter) {
        if (!filter.equals(state.filterInForce())) {
            state = state.withFilter(filter);
            state.write(files.state());
        }
    }

    @Override
    public void completePass(long highestModSeq) {
        state = state.withHighestModSeq(highestModSeq);
        state.write(files.state());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            boolean compressed = index != null && index.compression() != Compression.NONE;
            closeFiles();
            if (compressed) {
                deleteIfEmpty(dataFile);
            }
            onClose.run();
        }
    }

    /**
     * An empty file is no zstd, gzip or xz stream ({@code zstd -dc} and the others refuse it): a
     * compressed folder without messages has no data file at all (the next open creates it).
     */
    private static void deleteIfEmpty(Path file) {
        try {
            if (file != null && Files.exists(file) && Files.size(file) == 0) {
                Files.delete(file);
                PrivateFiles.fsyncDirectory(file.getParent());
            }
        } catch (IOException e) {
            // an empty file left behind holds nothing; the next close tries again
        }
    }

    /**
     * Moves the data file and index to the retired folder, whose state file is written first; the
     * files stay closed. Returns the clause saying so.
     */
    /** Moves the old generation's files aside; returns the folder they now are, with its file name. */
    private String retire() {
        FolderPath retired = ArchivedFolder.retiredPath(state.path(), state.uidValidity());
        MboxFiles retiredFiles = layout.claim(retired, state.retiredAs(retired));
        Compression compression = index.compression();
        closeFiles();
        moveAside(files.data(compression), retiredFiles.data(compression));
        moveAside(files.index(), retiredFiles.index());
        if (Files.exists(files.gone())) {
            moveAside(files.gone(), retiredFiles.gone());
        }
        if (Files.exists(files.gmail())) {
            moveAside(files.gmail(), retiredFiles.gmail());
        }
        if (Files.exists(files.skipped())) {
            moveAside(files.skipped(), retiredFiles.skipped());
        }
        return retired + " (" + layout.rawName(retiredFiles.mbox()) + ")";
    }

    /** Cuts the data file back to its committed end after {@code cause}; if that fails, the next open does. */
    private void rollBack(Exception cause) {
        try {
            data.truncate(index.dataEnd());
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void openFiles() {
        MboxCompaction.recover(files);
        skips = SkipLedger.load(files.skipped());
        gmail = org.mailferry.archive.GmailIndex.load(files.gmail());
        try {
            index = recover();
        } catch (MboxIndex.Truncated t) {
            index = null;
        }
        if (index == null || !MboxTailRepair.damaged(files, index).isEmpty()) {
            if (index != null) {
                index.close();
            }
            // the damaged messages are wanted again before they are cut out: a crash loses nothing
            String repaired = MboxTailRepair.repair(files, uids -> skips.wantAgain(uids, "damaged in the archive"));
            if (repaired != null) {
                notes.add(repaired);
            }
            index = recover();
        }
        if (index.compression() != compressionIfNew && !index.entries().isEmpty()) {
            // what this run asked for applies to new folders; an existing file is never rewritten
            notes.add(files.data(index.compression()).getFileName() + " keeps its compression ("
                    + describe(index.compression()) + "): " + describe(compressionIfNew)
                    + " applies to new folders only; nothing already archived is rewritten");
        }
        dataFile = files.data(index.compression());
        try {
            boolean created = !Files.exists(dataFile);
            data = PrivateFiles.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (created) {
                PrivateFiles.fsyncDirectory(dataFile.getParent());
            }
        } catch (IOException e) {
            index.close();
            throw ArchiveErrors.write(dataFile, e);
        }
    }

    private static String describe(Compression c) {
        return c == Compression.NONE ? "none" : c.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Opens the index, cutting it back before each damaged line in turn (each cut is said in the notes). */
    private MboxIndex recover() {
        if (!Files.exists(files.index(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String setAside = MboxTailRepair.setAsideWithoutIndex(files); // a lost index: fetched again, nothing deleted
            if (setAside != null) {
                notes.add(setAside);
            }
        }
        while (true) {
            try {
                return MboxIndex.recover(files, compressionIfNew);
            } catch (MboxIndex.DamagedLine d) {
                if (d.lineNo() <= 1) {
                    String setAside = MboxTailRepair.setAsideWithoutIndex(files);
                    if (setAside == null) {
                        throw d;
                    }
                    notes.add(setAside);
                    continue;
                }
                notes.add(MboxTailRepair.cutIndex(files, d.lineNo(), uids -> skips.wantAgain(uids, "damaged in the archive")));
            }
        }
    }

    private void closeFiles() {
        if (index != null) {
            index.close();
        }
        if (data != null) {
            try {
                data.close();
            } catch (IOException e) {
                // every write was forced before it was reported
            }
        }
        index = null;
        data = null;
    }

    /** Renames a file of the old generation beside the retired state; never replaces a file. */
    private static void moveAside(Path from, Path to) {
        try {
            if (Files.exists(to)) {
                throw MailferryException.archive("cannot set " + from + " aside: " + to
                        + " exists already; move one of them out of the archive", null);
            }
            Files.move(from, to);
            PrivateFiles.fsyncDirectory(to.getParent());
        } catch (IOException e) {
            throw ArchiveErrors.write(to, e);
        }
    }
}
