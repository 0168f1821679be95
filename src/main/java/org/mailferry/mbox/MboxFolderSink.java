package org.mailferry.mbox;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchivedFolder;
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
 * Exactly once, with the index as the commit log: {@link #write} appends the entries, fsyncs the
 * mbox, then appends their index lines and fsyncs the index. A message whose UID is at most the
 * highest indexed one is {@code ALREADY_PRESENT}. Opening runs {@link MboxIndex#recover}, which
 * drops what a crash left uncommitted; a failed write cuts the mbox back itself. A message whose
 * content cannot be read is {@code REJECTED} and leaves nothing behind.
 * <p>
 * The sync state is the state file's UIDVALIDITY and HIGHESTMODSEQ with the highest indexed UID.
 * A new UIDVALIDITY moves the files holding messages to the folder
 * {@link ArchivedFolder#retiredPath} and starts an empty mbox. One per partition; not thread-safe;
 * holds the mbox and index open until {@link #close()}.
 */
final class MboxFolderSink implements FolderSink {

    private final MboxLayout layout;
    private final MboxFiles files;
    private final Runnable onClose;
    private ArchivedFolder state;
    private MboxIndex index;
    private FileChannel mbox;
    private boolean closed;

    private MboxFolderSink(MboxLayout layout, MboxFiles files, ArchivedFolder state, Runnable onClose) {
        this.layout = layout;
        this.files = files;
        this.state = state;
        this.onClose = onClose;
    }

    /**
     * Opens the folder whose files {@code layout} gave; {@code initialState} is written when the
     * folder has no state file. {@code onClose} runs once, when the sink closes.
     */
    static MboxFolderSink open(MboxLayout layout, MboxFiles files, ArchivedFolder initialState, Runnable onClose) {
        ArchivedFolder state = ArchivedFolder.read(files.state()).orElseGet(() -> {
            initialState.write(files.state());
            return initialState;
        });
        MboxFolderSink sink = new MboxFolderSink(layout, files, state, onClose);
        sink.openFiles();
        return sink;
    }

    @Override
    public SyncState syncState() {
        return new SyncState(state.uidValidity(), index.lastUid(), state.highestModSeq());
    }

    @Override
    public String beginGeneration(long uidValidity) {
        long old = state.uidValidity();
        if (old == uidValidity) {
            return null;
        }
        String result = null;
        if (old != 0) {
            int held = index.entries().size();
            result = "folder " + state.path() + ": UIDVALIDITY changed from " + old + " to " + uidValidity
                    + (held == 0 ? "; it held no messages, so nothing was set aside" : retire(held));
        }
        state = state.withUidValidity(uidValidity).withHighestModSeq(0);
        state.write(files.state());
        if (mbox == null) {
            openFiles();
        }
        return result;
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
        List<MboxEntry> written = new ArrayList<>();
        long lastUid = index.lastUid();
        long end = index.end();
        try {
            for (SourceMessage m : messages) {
                if (m.uid() <= lastUid) {
                    outcomes.add(WriteOutcome.present(m.uid()));
                    continue;
                }
                try {
                    MboxEntry e = append(m, end);
                    written.add(e);
                    end = e.end();
                    lastUid = m.uid();
                    outcomes.add(WriteOutcome.written(m.uid(), e.size()));
                } catch (MessageFailure f) {
                    mbox.truncate(end);
                    outcomes.add(WriteOutcome.rejected(m.uid(), f.getMessage()));
                }
            }
            if (!written.isEmpty()) {
                mbox.force(true);
            }
        } catch (IOException e) {
            rollBack(e);
            throw ArchiveErrors.write(files.mbox(), e);
        } catch (RuntimeException e) {
            rollBack(e);
            throw e;
        }
        try {
            index.append(written);
        } catch (IOException e) {
            rollBack(e);
            throw ArchiveErrors.write(files.index(), e);
        }
        return outcomes;
    }

    @Override
    public int updateFlags(List<FlagChange> changes) {
        List<FlagsUpdate> updates = new ArrayList<>();
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
        return updates.size();
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
            closeFiles();
            onClose.run();
        }
    }

    /**
     * Moves the mbox and index to the retired folder, whose state file is written first; the
     * files stay closed. Returns the clause saying so.
     */
    private String retire(int held) {
        FolderPath retired = ArchivedFolder.retiredPath(state.path(), state.uidValidity());
        MboxFiles retiredFiles = layout.claim(retired, state.retiredAs(retired));
        closeFiles();
        moveAside(files.mbox(), retiredFiles.mbox());
        moveAside(files.index(), retiredFiles.index());
        return "; the " + held + " messages archived before were moved to folder \"" + retired + "\" ("
                + layout.rawName(retiredFiles.mbox()) + ") and a new mbox was started";
    }

    private MboxEntry append(SourceMessage m, long offset) throws IOException {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(mbox.position(offset)), 64 * 1024);
        MboxEntry e = MboxEntryWriter.write(m, out, offset);
        out.flush();
        return e;
    }

    /** Cuts the mbox back to its committed end after {@code cause}; if that fails, the next open does. */
    private void rollBack(Exception cause) {
        try {
            mbox.truncate(index.end());
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void openFiles() {
        index = MboxIndex.recover(files.index(), files.mbox());
        try {
            boolean created = !Files.exists(files.mbox());
            mbox = PrivateFiles.open(files.mbox(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (created) {
                PrivateFiles.fsyncDirectory(files.mbox().getParent());
            }
        } catch (IOException e) {
            index.close();
            throw ArchiveErrors.write(files.mbox(), e);
        }
    }

    private void closeFiles() {
        if (index != null) {
            index.close();
        }
        if (mbox != null) {
            try {
                mbox.close();
            } catch (IOException e) {
                // every write was forced before it was reported
            }
        }
        index = null;
        mbox = null;
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
