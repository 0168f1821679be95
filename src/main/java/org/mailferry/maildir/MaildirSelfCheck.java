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
 * message, no read). A file that is short or long is moved into {@value #DAMAGED_DIR} inside the
 * folder (kept, never deleted; neither Dovecot nor mailferry reads it as a message) and forgotten
 * by {@code held}; the UIDs without a file are what the sink wants again. Messages the source
 * could not deliver, recorded in the log by mailferry before the {@link SkipLedger}, are adopted
 * into it.
 */
final class MaildirSelfCheck {

    static final String DAMAGED_DIR = "mailferry-damaged";

    private MaildirSelfCheck() {
    }

    /** Returns the recorded UIDs {@code held} lacks after the check, ascending. */
    static long[] run(Path folderDir, HeldFiles held, SkipLedger skips) {
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
        return wanted.stream().mapToLong(Long::longValue).toArray();
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
