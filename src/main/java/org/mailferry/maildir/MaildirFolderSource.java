package org.mailferry.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.mailferry.archive.ArchiveFiles;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.archive.HeldMessage;
import org.mailferry.archive.Sha256;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.FileContent;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;

/**
 * Reads one Maildir folder of an archive, for a restore. Messages come sorted by their
 * {@code ,U=} UID; files without one (a foreign Maildir) follow in file-name order with UIDs
 * counted on from the highest {@code U=}. A message's bytes are streamed from its file
 * ({@link FileContent}), its flags come from the name's info, {@code dovecot-keywords} and the
 * keyword sidecar, its INTERNALDATE is the file's mtime and its size the file's size. UIDVALIDITY
 * comes from the state file; a foreign Maildir (none, or none begun) has {@value #FOREIGN_UIDVALIDITY},
 * a generation like any other, so an archive written from it can begin one; there is no HIGHESTMODSEQ.
 * <p>
 * Each message is read once before the cursor hands it out: a file that vanished, cannot be read,
 * disagrees with its {@code ,S=} size or with the SHA-256 recorded in {@link MaildirChecksums} is
 * a {@link MessageFailure} naming the file, and the cursor moves past it. Reads only; not
 * thread-safe.
 */
public final class MaildirFolderSource implements FolderSource {

    private final FolderInfo info;
    private final MaildirFolder folder;
    /** The UIDVALIDITY of a folder without one of its own (a Maildir mailferry did not write). */
    static final long FOREIGN_UIDVALIDITY = 1;

    private final long uidValidity;
    private final MaildirKeywords keywords;
    private final MaildirKeywordOverflow overflow;
    /** The folder's checksum log, read when a message is first checked (a listing never needs it). */
    private MaildirChecksums checksums;
    private final org.mailferry.archive.GmailIndex gmail;

    MaildirFolderSource(FolderInfo info, MaildirFolder folder) {
        this.info = info;
        this.folder = folder;
        this.uidValidity = folder.state().map(ArchivedFolder::uidValidity).filter(v -> v > 0).orElse(FOREIGN_UIDVALIDITY);
        this.keywords = MaildirKeywords.load(folder.dir());
        this.overflow = MaildirKeywordOverflow.load(folder.dir());
        this.gmail = org.mailferry.archive.GmailIndex.load(folder.dir().resolve(MaildirFolder.GMAIL_FILE));
    }

    /** The folder's Gmail fields by UID (empty unless it was backed up from Gmail). */
    org.mailferry.archive.GmailIndex gmail() {
        return gmail;
    }

    @Override
    public FolderInfo folder() {
        return info;
    }

    @Override
    public long uidValidity() {
        return uidValidity;
    }

    @Override
    public long highestModSeq() {
        return 0;
    }

    @Override
    public MessageCursor messagesAfter(long afterUid) {
        return new Cursor(catalogue().stream().filter(m -> m.uid() > afterUid).toList(), true);
    }

    @Override
    public MessageCursor listingAfter(long afterUid) {
        return new Cursor(catalogue().stream().filter(m -> m.uid() > afterUid).toList(), false);
    }

    @Override
    public void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink) {
        for (Listed m : catalogue()) {
            if (m.uid() <= throughUid) {
                sink.accept(new FlagChange(m.uid(), flagsOf(m), gmail.get(m.uid())));
            }
        }
    }

    @Override
    public void close() {
        // holds no open file: each message's content opens its own stream
    }

    /** Every message with its flags and recorded SHA-256 (null when none), without reading a byte. */
    List<HeldMessage> held() {
        return catalogue().stream().map(m -> new HeldMessage(m.uid(), m.size(), flagsOf(m),
                recorded(m).map(MaildirChecksums.Recorded::sha256).orElse(null))).toList();
    }

    /** The checksum line of a message mailferry wrote (one with a {@code ,U=}). */
    private Optional<MaildirChecksums.Recorded> recorded(Listed m) {
        if (m.entry().name().uid() <= 0) {
            return Optional.empty();
        }
        if (checksums == null) {
            checksums = MaildirChecksums.load(folder.dir());
        }
        return checksums.get(m.uid());
    }

    /** What is wrong with a message's file, or null when it is readable and matches what was recorded. */
    private String damageOf(Listed m) {
        long named = m.entry().name().size();
        if (named >= 0 && named != m.size()) {
            return "the file has " + m.size() + " bytes but its name says S=" + named;
        }
        Optional<MaildirChecksums.Recorded> r = recorded(m);
        try (InputStream in = ArchiveFiles.open(m.entry().file())) {
            String sha = Sha256.of(in);
            return r.isEmpty() || r.get().sha256().equals(sha) ? null
                    : "its SHA-256 differs from the one recorded in " + MaildirChecksums.FILE_NAME;
        } catch (NoSuchFileException e) {
            return "the file vanished from the archive";
        } catch (IOException e) {
            return "it cannot be read: " + e.getMessage();
        }
    }

    /** One message file with the UID it is read under. */
    private record Listed(long uid, MaildirFolder.Entry entry, long size, Instant mtime) {
    }

    private List<Listed> catalogue() {
        List<MaildirFolder.Entry> withUid = new ArrayList<>();
        List<MaildirFolder.Entry> without = new ArrayList<>();
        for (MaildirFolder.Entry e : folder.messageFiles()) {
            (e.name().uid() > 0 ? withUid : without).add(e);
        }
        withUid.sort(Comparator.comparingLong((MaildirFolder.Entry e) -> e.name().uid())
                .thenComparing(e -> e.file().getFileName().toString()));
        without.sort(Comparator.comparing(e -> e.file().getFileName().toString()));
        long next = withUid.isEmpty() ? 1 : withUid.get(withUid.size() - 1).name().uid() + 1;
        List<Listed> held = new ArrayList<>(withUid.size() + without.size());
        for (MaildirFolder.Entry e : withUid) {
            addIfFile(e, e.name().uid(), held);
        }
        for (MaildirFolder.Entry e : without) {
            addIfFile(e, next++, held);
        }
        return held;
    }

    private static void addIfFile(MaildirFolder.Entry e, long uid, List<Listed> into) {
        try {
            BasicFileAttributes a = ArchiveFiles.requireRegular(e.file()); // a link or FIFO fails the folder
            into.add(new Listed(uid, e, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException gone) {
            // expunged since the directory was listed
        } catch (IOException ex) {
            throw ArchiveErrors.read(e.file(), ex);
        }
    }

    private MessageFlags flagsOf(Listed m) {
        SortedSet<String> kw = new TreeSet<>(keywords.decode(m.entry().name().keywordLetters()));
        if (m.entry().name().uid() > 0) {
            kw.addAll(overflow.get(m.uid()));
        }
        return new MessageFlags(m.entry().name().systemFlags(), kw);
    }

    private final class Cursor implements MessageCursor {

        private final List<Listed> messages;
        private final boolean checked;
        private int next;

        /** @param checked whether each message's bytes are checked against what was recorded before it is handed out */
        Cursor(List<Listed> messages, boolean checked) {
            this.messages = messages;
            this.checked = checked;
        }

        @Override
        public long expectedCount() {
            return messages.size();
        }

        @Override
        public long expectedBytes() {
            return messages.stream().mapToLong(Listed::size).sum();
        }

        @Override
        public SourceMessage next() {
            if (next == messages.size()) {
                return null;
            }
            Listed m = messages.get(next++);
            String damage = checked ? damageOf(m) : null;
            if (damage != null) {
                throw new MessageFailure(m.uid(), "message UID " + m.uid() + " in " + m.entry().file()
                        + " is damaged (" + damage + "); it was skipped");
            }
            MessageMeta meta = new MessageMeta(m.uid(), m.size(), m.mtime(), flagsOf(m), false, gmail.get(m.uid()));
            return new SourceMessage(uidValidity, meta, new FileContent(m.entry().file(), m.size()));
        }

        @Override
        public void close() {
            // nothing open between messages
        }
    }
}
