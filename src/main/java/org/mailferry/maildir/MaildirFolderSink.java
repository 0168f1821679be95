package org.mailferry.maildir;

import org.mailferry.archive.GmailIndex;
import org.mailferry.store.GmailMeta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.archive.GenerationChange;
import org.mailferry.archive.GoneLedger;
import org.mailferry.archive.SkipLedger;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.SkippedMessage;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SyncState;
import org.mailferry.store.WriteOutcome;
import org.mailferry.util.PrivateFiles;

/**
 * Writes one source folder into a Maildir folder of the archive. The {@code ,U=} field of each
 * file name says which source UID it holds, so a chunk repeated after a crash is recognised and
 * skipped; UIDVALIDITY and HIGHESTMODSEQ live in the folder's state file. On open it creates
 * cur/, new/ and tmp/, deletes mailferry's leftovers in tmp/ and scans cur/ and new/. Every write
 * is durable when the call returns ({@link MaildirDelivery}, one fsync of cur/ per chunk); the
 * size and SHA-256 of a chunk's messages are recorded ({@link MaildirChecksums}) before their
 * files become visible.
 * <p>
 * Files owned: the folder's message files, {@code mailferry-folder.json}, {@code dovecot-keywords},
 * {@code mailferry-keywords.json}, {@code mailferry-checksums.jsonl} and
 * {@code mailferry-skipped.json}. Not thread-safe: one per
 * partition.
 */
public final class MaildirFolderSink implements FolderSink {

    private final MaildirLayout layout;
    private final FolderPath path;
    private MaildirFolder folder;
    private ArchivedFolder state;
    private MaildirKeywords keywords;
    private MaildirKeywordOverflow overflow;
    private MaildirChecksumLog checksums;
    private HeldFiles held;
    private long[] wanted;
    private boolean recordsIncomplete;
    private SkipLedger skips;
    private GmailIndex gmail;
    private MaildirLabelLinks links;
    private final MaildirDedupe dedupe;
    private final List<String> notes = new ArrayList<>();

    /**
     * Opens {@code folder}, which {@link MaildirLayout#create} made for {@code path}; with
     * {@code dedupe} (else null) a message stored elsewhere in the archive becomes a link to it.
     */
    MaildirFolderSink(MaildirLayout layout, FolderPath path, MaildirFolder folder, MaildirDedupe dedupe) {
        this.layout = layout;
        this.path = path;
        this.dedupe = dedupe;
        open(folder);
    }

    private void open(MaildirFolder f) {
        folder = f;
        folder.deleteTempFiles();
        state = folder.state().orElseThrow(() -> new IllegalStateException("no state file in " + f.dir()));
        keywords = MaildirKeywords.load(folder.dir());
        overflow = MaildirKeywordOverflow.load(folder.dir());
        checksums = MaildirChecksumLog.open(folder.dir());
        scan();
        skips = SkipLedger.load(folder.dir().resolve(MaildirFolder.SKIPPED_FILE));
        gmail = GmailIndex.load(folder.dir().resolve(MaildirFolder.GMAIL_FILE));
        links = new MaildirLabelLinks(layout);
        MaildirSelfCheck.Result check = MaildirSelfCheck.run(folder.dir(), held, skips);
        wanted = check.wanted();
        recordsIncomplete = check.incomplete();
        if (gmail.lacksAnyOf(held.uids())) {
            recordsIncomplete = true; // labels lost with the sidecar's lines: read from the source again
            notes.add(MaildirFolder.GMAIL_FILE + " lacks the labels of messages the folder holds: they are read again");
        }
        if (check.note() != null) {
            notes.add(check.note());
        }
    }

    private void scan() {
        held = HeldFiles.of(folder.dir(), folder.messageFiles());
    }

    @Override
    public SyncState syncState() {
        return new SyncState(state.uidValidity(), held.lastUid(), state.highestModSeq());
    }

    @Override
    public long heldCount() {
        return held.size();
    }

    @Override
    public String beginGeneration(long uidValidity) {
        java.util.Optional<GenerationChange> change = GenerationChange.of(path.toString(), state.uidValidity(), uidValidity,
                state.uidValidity() == 0 ? 0 : folder.messageFiles().size());
        if (change.isEmpty()) {
            return null;
        }
        ArchivedFolder next = new ArchivedFolder(ArchivedFolder.VERSION, state.folder(), state.sourceName(),
                state.delimiter(), state.role(), uidValidity, 0, 0, null);
        if (!change.get().setsAside()) {
            state = next;
            folder.writeState(state);
            return change.get().note(null);
        }
        FolderPath retired = layout.retire(path, folder, state);
        open(layout.create(path, next));
        return change.get().note(retired.toString());
    }

    @Override
    public List<WriteOutcome> write(List<SourceMessage> messages) {
        Map<Long, SourceMessage> toWrite = new HashMap<>();
        for (SourceMessage m : messages) {
            if (m.uidValidity() != state.uidValidity()) {
                throw new IllegalStateException("message of UIDVALIDITY " + m.uidValidity() + " written to folder "
                        + path + " holding UIDVALIDITY " + state.uidValidity() + ": call beginGeneration first");
            }
            if (!held.contains(m.uid())) {
                toWrite.putIfAbsent(m.uid(), m);
            }
        }
        Map<Long, String> letters = encodeKeywords(toWrite.values().stream()
                .map(m -> new FlagChange(m.uid(), m.meta().flags())).toList());
        List<MaildirDelivery.Staged> staged = new ArrayList<>();
        List<Long> stagedUids = new ArrayList<>();
        java.util.Set<Long> substituted = new java.util.HashSet<>();
        boolean[] written = new boolean[messages.size()];
        MaildirDedupe.Placement[] placements = new MaildirDedupe.Placement[messages.size()];
        try {
            for (int i = 0; i < messages.size(); i++) {
                SourceMessage m = messages.get(i);
                if (toWrite.remove(m.uid()) == m) { // a UID twice in one chunk is written once
                    staged.add(MaildirDelivery.stage(folder, m, letters.get(m.uid())));
                    stagedUids.add(m.uid());
                    if (m.meta().dateSubstituted()) {
                        substituted.add(m.uid());
                    }
                    written[i] = true;
                }
            }
        } catch (RuntimeException e) {
            staged.forEach(s -> s.tmp().toFile().delete());
            throw e;
        }
        if (!staged.isEmpty()) {
            Map<Long, GmailMeta> fields = new java.util.TreeMap<>();
            for (int i = 0; i < messages.size(); i++) {
                if (written[i] && messages.get(i).meta().gmail() != null) {
                    fields.put(messages.get(i).uid(), messages.get(i).meta().gmail());
                }
            }
            if (!fields.isEmpty()) {
                gmail.begin();
            }
            try {
                checksums.append(staged.stream().map(s -> substituted.contains(s.name().uid())
                        ? new MaildirChecksums.RecordedDateSubstituted(s.name().uid(), s.name().size(), s.sha256(), true)
                        : new MaildirChecksums.Recorded(s.name().uid(), s.name().size(), s.sha256())).toList());
            } catch (RuntimeException e) {
                staged.forEach(s -> s.tmp().toFile().delete());
                throw e;
            }
            List<MaildirFolder.Entry> entries = deliver(staged, placements);
            for (int i = 0; i < entries.size(); i++) {
                held.put(stagedUids.get(i), entries.get(i).file());
            }
            fsync(Set.of(folder.cur()));
            for (int i = 0; i < entries.size(); i++) {
                GmailMeta g = fields.get(stagedUids.get(i));
                if (g != null) {
                    links.link(entries.get(i).file(), List.of(), g.labels());
                }
            }
            links.sync();
            // labels recorded last: a run killed before this leaves held messages the sidecar lacks,
            // which the next open finds (recordsIncomplete) and whose labels and links it makes again
            gmail.record(fields);
            skips.forget(stagedUids);
        }
        List<WriteOutcome> outcomes = new ArrayList<>(messages.size());
        int next = 0;
        for (int i = 0; i < messages.size(); i++) {
            long uid = messages.get(i).uid();
            if (!written[i]) {
                outcomes.add(WriteOutcome.present(uid));
                continue;
            }
            MaildirDedupe.Placement p = placements[next];
            long size = staged.get(next++).name().size();
            outcomes.add(p == null ? WriteOutcome.written(uid, size)
                    : p.linked() ? WriteOutcome.linked(uid, size)
                    : p.notLinked() != null ? WriteOutcome.writtenNotLinked(uid, size, p.notLinked())
                    : WriteOutcome.written(uid, size));
        }
        return outcomes;
    }

    /**
     * Makes the staged messages durable and visible, in their order. With {@code --dedupe} a
     * message whose twin is stored already becomes a link to it before anything is fsynced (its
     * staged copy is dropped); the others are fsynced, then linked or moved into {@code cur/} under
     * the dedupe lock, so a twin a parallel folder stored meanwhile is still found.
     */
    private List<MaildirFolder.Entry> deliver(List<MaildirDelivery.Staged> staged, MaildirDedupe.Placement[] placements) {
        if (dedupe == null) {
            return MaildirDelivery.commit(folder, staged);
        }
        MaildirFolder.Entry[] entries = new MaildirFolder.Entry[staged.size()];
        List<MaildirDelivery.Staged> rest = new ArrayList<>();
        List<Integer> restAt = new ArrayList<>();
        Set<Path> linkFailed = new java.util.HashSet<>();
        for (int i = 0; i < staged.size(); i++) {
            MaildirDelivery.Staged s = staged.get(i);
            MaildirDedupe.Placement p = dedupe.link(folder, s);
            if (p != null && p.linked()) {
                placements[i] = p;
                entries[i] = new MaildirFolder.Entry(p.file(), s.name());
                s.tmp().toFile().delete();
            } else {
                if (p != null) {
                    placements[i] = p; // the link failed: copied below, without trying again
                    linkFailed.add(s.tmp());
                }
                rest.add(s);
                restAt.add(i);
            }
        }
        Map<Path, MaildirDedupe.Placement> placed = new HashMap<>();
        List<MaildirFolder.Entry> committed = MaildirDelivery.commit(folder, rest, (s, move) -> {
            if (linkFailed.contains(s.tmp())) {
                return move.move();
            }
            MaildirDedupe.Placement p = dedupe.place(folder, s, move);
            placed.put(s.tmp(), p);
            return p.file();
        });
        for (int j = 0; j < rest.size(); j++) {
            int at = restAt.get(j);
            entries[at] = committed.get(j);
            if (placements[at] == null) {
                placements[at] = placed.get(rest.get(j).tmp());
            }
        }
        return List.of(entries);
    }

    @Override
    public int updateFlags(List<FlagChange> changes) {
        List<FlagChange> known = changes.stream().filter(c -> held.contains(c.uid())).toList();
        Map<Long, String> letters = encodeKeywords(known);
        Set<Path> touched = new LinkedHashSet<>();
        Set<Long> changed = new java.util.HashSet<>(relabel(known));
        for (FlagChange c : known) {
            Renamed r = rename(c, letters.get(c.uid()), touched);
            if (r == Renamed.FILE_GONE) {
                scan(); // renamed or expunged by someone else (a Dovecot serving the archive)
                if (held.contains(c.uid())) {
                    r = rename(c, letters.get(c.uid()), touched);
                }
            }
            if (r == Renamed.YES) {
                changed.add(c.uid());
            }
        }
        fsync(touched);
        return changed.size();
    }

    /** Records label changes (Gmail) and moves the label folders' links to match; returns the UIDs that changed. */
    private Set<Long> relabel(List<FlagChange> changes) {
        Map<Long, GmailMeta> now = new java.util.TreeMap<>();
        Map<Long, List<String>> before = new HashMap<>();
        for (FlagChange c : changes) {
            GmailMeta old = gmail.get(c.uid());
            if (c.gmail() != null && !c.gmail().equals(old)) {
                now.put(c.uid(), c.gmail());
                before.put(c.uid(), old == null ? List.of() : old.labels());
            }
        }
        for (Map.Entry<Long, GmailMeta> e : now.entrySet()) {
            links.link(held.get(e.getKey()).file(), before.get(e.getKey()), e.getValue().labels());
        }
        links.sync();
        // recorded after the links: killed before this, the next pass sees the change again and redoes them
        gmail.record(now);
        return now.keySet();
    }

    private enum Renamed { YES, ALREADY_SO, FILE_GONE }

    /** Renames the message's file to carry these flags, unless its name already says them. */
    private Renamed rename(FlagChange change, String keywordLetters, Set<Path> touched) {
        MaildirFolder.Entry old = held.get(change.uid());
        MaildirFileName name = old.name().withFlags(change.flags().system(), keywordLetters);
        Path target = folder.cur().resolve(name.format());
        if (target.equals(old.file())) {
            return Renamed.ALREADY_SO;
        }
        try {
            Files.move(old.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return Renamed.FILE_GONE;
        } catch (IOException e) {
            throw ArchiveErrors.write(old.file(), e);
        }
        held.put(change.uid(), target);
        GmailMeta g = gmail.get(change.uid());
        if (g != null) {
            links.rename(old.file(), target, g.labels());
        }
        touched.add(old.file().getParent());
        touched.add(folder.cur());
        return Renamed.YES;
    }

    /** What the check at open found missing or damaged ({@link MaildirSelfCheck}), less what was written since. */
    @Override
    public long[] wanted() {
        return java.util.Arrays.stream(wanted).filter(uid -> !held.contains(uid)).toArray();
    }

    @Override
    public Map<Long, SkippedMessage> skips() {
        return skips.missing(held::contains);
    }

    @Override
    public SkippedMessage skipped(long uid, String reason) {
        return skips.failed(uid, reason);
    }

    /** The source no longer has these: recorded as removed, so they are not wanted again. */
    @Override
    public void lost(Collection<Long> uids) {
        checksums.removed(List.copyOf(uids));
        skips.forget(uids);
    }

    @Override
    public Set<Long> heldSourceUids() {
        return held.uids();
    }

    /** Retention: deletes the files of messages gone from the source for at least {@code keep}. */
    @Override
    public int removeGone(Collection<Long> gone, Duration keep) {
        GoneLedger ledger = GoneLedger.load(folder.dir().resolve(MaildirFolder.GONE_FILE));
        List<Long> due = ledger.due(gone, Instant.now(), keep);
        Set<Path> dirs = new LinkedHashSet<>();
        List<Long> removed = new ArrayList<>();
        for (long uid : due) {
            MaildirFolder.Entry e = held.remove(uid);
            if (e == null) {
                continue;
            }
            try {
                Files.deleteIfExists(e.file());
                GmailMeta g = gmail.get(uid);
                if (g != null) {
                    links.link(e.file(), g.labels(), List.of());
                }
            } catch (IOException ex) {
                throw ArchiveErrors.write(e.file(), ex);
            }
            dirs.add(e.file().getParent());
            removed.add(uid);
        }
        checksums.removed(removed);
        fsync(dirs);
        ledger.removed(due);
        return removed.size();
    }

    @Override
    public org.mailferry.store.MessageRange filterInForce() {
        return state.filterInForce();
    }

    @Override
    public void recordFilter(org.mailferry.store.MessageRange filter) {
        if (!filter.equals(state.filterInForce())) {
            state = state.withFilter(filter);
            folder.writeState(state);
        }
    }

    @Override
    public void completePass(long highestModSeq) {
        if (recordsIncomplete) {
            // the pass compared the folder with the source: the log may name every message again
            MaildirChecksums log = MaildirChecksums.load(folder.dir());
            List<MaildirFolder.Entry> unrecorded = held.uids().stream().filter(uid -> log.get(uid).isEmpty())
                    .map(held::get).filter(java.util.Objects::nonNull).toList();
            checksums = MaildirChecksumLog.rebuild(folder.dir(), unrecorded, folder.dir().resolve(MaildirSelfCheck.DAMAGED_DIR));
            recordsIncomplete = false;
        }
        state = state.withHighestModSeq(highestModSeq);
        folder.writeState(state);
    }

    @Override
    public boolean recordsIncomplete() {
        return recordsIncomplete;
    }

    @Override
    public List<String> drainNotes() {
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
    }

    @Override
    public void close() {
        // nothing to release: every call left its work durable on disk
    }

    /**
     * Keyword letters per UID; keywords without a letter go to the sidecar, which is saved before
     * any file name is written so that a crash never loses them.
     */
    private Map<Long, String> encodeKeywords(List<FlagChange> flags) {
        Map<Long, String> letters = new HashMap<>();
        for (FlagChange f : flags) {
            MaildirKeywords.Encoded e = keywords.encode(f.flags().keywords());
            overflow.put(f.uid(), e.overflow());
            letters.put(f.uid(), e.letters());
        }
        overflow.save();
        return letters;
    }

    private static void fsync(Set<Path> dirs) {
        for (Path d : dirs) {
            try {
                PrivateFiles.fsyncDirectory(d);
            } catch (IOException e) {
                throw ArchiveErrors.write(d, e);
            }
        }
    }
}
