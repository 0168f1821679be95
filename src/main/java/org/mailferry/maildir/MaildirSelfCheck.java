package org.mailferry.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.SkipLedger;
import org.mailferry.util.PrivateFiles;

/**
 * The check a Maildir folder's sink runs when it opens: every message its checksum log
 * ({@link MaildirChecksums}) records must have its file, of the recorded size (one stat per
 * message, no read; a message the log has no line for, the size its name's {@code S=} says). A
 * file that is short or long is moved into {@value #DAMAGED_DIR} inside the
 * folder (kept, never deleted; neither Dovecot nor mailferry reads it as a message) and forgotten
 * by {@code held}; the UIDs without a file are what the sink wants again. Messages the source
 * could not deliver, recorded in the log by mailferry before the {@link SkipLedger}, are adopted
 * into it.
 * <p>
 * The log itself may be lost, cut short or damaged: then it no longer names every message the
 * folder should hold, and a file deleted meanwhile would be missed. So when the folder holds a
 * message the log has no line for (or the log is gone, or has damaged lines), the records are
 * {@code incomplete}: the copy then compares the folder with the source's UIDs, and after a
 * complete pass the sink rebuilds the log ({@link MaildirChecksumLog#rebuild}).
 */
final class MaildirSelfCheck {

    static final String DAMAGED_DIR = "mailferry-damaged";

    private MaildirSelfCheck() {
    }

    /**
     * What the check found: the recorded UIDs the folder lacks after it, ascending; whether the
     * log is incomplete; a sentence for the summary about a damaged log, or null.
     */
    record Result(long[] wanted, boolean incomplete, String note) {
    }

    static Result run(Path folderDir, HeldFiles held, SkipLedger skips) {
        MaildirChecksums log = MaildirChecksums.load(folderDir);
        log.skipped().forEach(skips::adopt);
        Map<Long, MaildirChecksums.Recorded> recorded = log.all();
        java.util.SortedSet<Long> wanted = new java.util.TreeSet<>();
        for (MaildirChecksums.Recorded r : recorded.values()) {
            MaildirFolder.Entry e = held.get(r.uid());
            if (e != null && MaildirStore.sizeOf(e.file()) != r.size()) {
                setAside(folderDir, e.file());
                held.remove(r.uid());
                e = null;
            }
            if (e == null) {
                wanted.add(r.uid());
            }
        }
        java.util.List<Long> unrecordedUids = held.uids().stream().filter(uid -> !recorded.containsKey(uid)).toList();
        boolean unrecorded = !unrecordedUids.isEmpty();
        for (long uid : unrecordedUids) {
            // no recorded size: the S= of its name (mailferry's) is the next best record
            MaildirFolder.Entry e = held.get(uid);
            if (e.name().size() >= 0 && MaildirStore.sizeOf(e.file()) != e.name().size()) {
                setAside(folderDir, e.file());
                held.remove(uid);
                wanted.add(uid);
            }
        }
        String note = null;
        if (!log.damagedLines().isEmpty()) {
            note = log.damagedLines().get(0) + (log.damagedLines().size() > 1 ? " (and " + (log.damagedLines().size() - 1)
                    + " more lines)" : "") + ": left out; the folder is compared with the server";
        } else if (unrecorded) {
            note = (log.exists() ? MaildirChecksums.FILE_NAME + " lacks lines for messages the folder holds"
                    : MaildirChecksums.FILE_NAME + " is missing") + ": the folder is compared with the server";
        }
        return new Result(wanted.stream().mapToLong(Long::longValue).toArray(),
                unrecorded || !log.damagedLines().isEmpty(), note);
    }

    private static void setAside(Path folderDir, Path file) {
        Path dir = folderDir.resolve(DAMAGED_DIR);
        try {
            PrivateFiles.createDirectories(dir);
            Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // gone meanwhile: wanted all the same
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }
}
