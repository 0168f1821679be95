package org.mailferry.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailferry.archive.ArchiveFiles;
import org.mailferry.archive.Damage;
import org.mailferry.archive.FolderCheck;
import org.mailferry.archive.FolderContents;
import org.mailferry.archive.Sha256;

/**
 * Re-reads every message file of one Maildir folder and checks it: its name as mailferry writes
 * it ({@code ,U=<uid>}, {@code ,S=<size>} equal to the file's size, {@code :2,} and known flag
 * letters; one file per UID), and its bytes against the SHA-256 in {@link MaildirChecksums}.
 * UIDs the checksum file lists without a file are reported as missing; files in {@code tmp/} and
 * messages without a recorded checksum are noted. Reads only; stateless.
 */
final class MaildirFolderCheck {

    private static final String SYSTEM_LETTERS = "DFPRST";

    private final MaildirFolder folder;
    private final MaildirChecksums checksums;
    private final List<Damage> damage = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Long, Path> byUid = new HashMap<>();
    private long intact;
    private long unrecorded;

    private MaildirFolderCheck(MaildirFolder folder) {
        this.folder = folder;
        this.checksums = MaildirChecksums.load(folder.dir());
    }

    static FolderCheck run(MaildirFolder folder, FolderContents contents) {
        MaildirFolderCheck check = new MaildirFolderCheck(folder);
        List<MaildirFolder.Entry> files = new ArrayList<>(folder.messageFiles());
        files.sort((a, b) -> a.file().compareTo(b.file()));
        files.forEach(check::checkFile);
        check.checkRecordedFilesExist();
        check.noteLeftovers();
        return new FolderCheck(contents, check.intact, check.damage, check.notes);
    }

    private void checkFile(MaildirFolder.Entry e) {
        long size;
        try {
            var attributes = Files.readAttributes(e.file(), java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            String problem = ArchiveFiles.problem(attributes);
            if (problem != null) {
                damage.add(new Damage(Damage.Kind.FILE, e.file(), -1, e.name().uid(), "refused: it is " + problem
                        + ", not a message file; an archive holds only data"));
                return;
            }
            size = attributes.size();
        } catch (NoSuchFileException gone) {
            return; // expunged while we looked (a Dovecot serving the archive)
        } catch (IOException ex) {
            damage.add(new Damage(Damage.Kind.MESSAGE, e.file(), -1, e.name().uid(), "cannot be read: " + ex.getMessage()));
            return;
        }
        Path other = e.name().uid() > 0 ? byUid.putIfAbsent(e.name().uid(), e.file()) : null;
        if (other != null) {
            damage.add(new Damage(Damage.Kind.FILE, e.file(), -1, e.name().uid(), "a second file for this UID (the"
                    + " first is " + other.getFileName() + ")"));
            return;
        }
        String nameProblem = nameProblem(e.name());
        if (nameProblem != null) {
            damage.add(new Damage(Damage.Kind.FILE, e.file(), -1, e.name().uid(), "bad file name: " + nameProblem));
            return;
        }
        String contentProblem = contentProblem(e, size);
        if (contentProblem != null) {
            damage.add(new Damage(Damage.Kind.MESSAGE, e.file(), -1, e.name().uid(), contentProblem));
        } else {
            intact++;
        }
    }

    /** What is wrong with a name as mailferry writes it, or null. */
    private static String nameProblem(MaildirFileName n) {
        if (n.uid() == 0) {
            return "no ,U=<uid> field (not written by mailferry)";
        }
        if (n.size() < 0) {
            return "no ,S=<size> field";
        }
        if (n.info() == null || !n.info().startsWith("2,")) {
            return "no :2,<flags> info";
        }
        for (char c : n.flagLetters().toCharArray()) {
            if (SYSTEM_LETTERS.indexOf(c) < 0 && !MaildirFileName.isKeywordLetter(c)) {
                return "unknown flag letter '" + c + "'";
            }
        }
        return null;
    }

    private String contentProblem(MaildirFolder.Entry e, long size) {
        if (e.name().size() != size) {
            return "the file has " + size + " bytes but its name says S=" + e.name().size() + ": it was truncated or changed";
        }
        var recorded = checksums.get(e.name().uid());
        if (recorded.isEmpty()) {
            unrecorded++;
            return null;
        }
        try (InputStream in = ArchiveFiles.open(e.file())) {
            return Sha256.of(in).equals(recorded.get().sha256()) ? null
                    : "its SHA-256 differs from the one recorded in " + MaildirChecksums.FILE_NAME + ": the bytes were changed";
        } catch (IOException ex) {
            return "cannot be read: " + ex.getMessage();
        }
    }

    private void checkRecordedFilesExist() {
        Path file = folder.dir().resolve(MaildirChecksums.FILE_NAME);
        checksums.damagedLines().forEach(line -> damage.add(new Damage(Damage.Kind.FILE, file, -1, 0,
                line.substring(file.toString().length()).strip() + ": the next backup compares the folder with the server")));
        checksums.all().forEach((uid, r) -> {
            if (!byUid.containsKey(uid)) {
                damage.add(new Damage(Damage.Kind.MISSING, file, -1, uid, "recorded as written (" + r.size()
                        + " bytes) but no message file holds it"));
            }
        });
    }

    private void noteLeftovers() {
        if (unrecorded > 0) {
            notes.add(unrecorded + " messages have no recorded SHA-256 (written before mailferry recorded them):"
                    + " only their names and sizes were checked");
        }
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(folder.tmp())) {
            long n = 0;
            for (Path ignored : tmp) {
                n++;
            }
            if (n > 0) {
                notes.add(n + " files in " + folder.tmp() + ": left by an interrupted delivery, not messages");
            }
        } catch (IOException e) {
            // no tmp/: nothing left over
        }
    }
}
