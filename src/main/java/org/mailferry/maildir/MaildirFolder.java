package org.mailferry.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.util.PrivateFiles;

/**
 * The directory of one Maildir folder and the files mailferry keeps in it: {@code cur/},
 * {@code new/} and {@code tmp/} (mode 0700), the state file {@code mailferry-folder.json}
 * ({@link ArchivedFolder}), and the keyword files ({@link MaildirKeywords},
 * {@link MaildirKeywordOverflow}); a subfolder also has the empty {@code maildirfolder} file the
 * Maildir++ spec asks for (Dovecot creates it too). mailferry's temp files in {@code tmp/} start
 * with {@value #TEMP_PREFIX}. Holds nothing but its path; thread-safe.
 */
record MaildirFolder(Path dir) {

    static final String STATE_FILE = "mailferry-folder.json";
    /** When archived messages were first seen gone from the source ({@link org.mailferry.archive.GoneLedger}). */
    static final String GONE_FILE = "mailferry-gone.json";
    /** Messages skipped by earlier runs ({@link org.mailferry.archive.SkipLedger}). */
    static final String SKIPPED_FILE = "mailferry-skipped.json";
    static final String TEMP_PREFIX = "mailferry-";
    /** X-GM-MSGID, X-GM-THRID and X-GM-LABELS per UID ({@link org.mailferry.archive.GmailIndex}). */
    static final String GMAIL_FILE = "mailferry-gmail.jsonl";
    private static final String SUBFOLDER_MARKER = "maildirfolder";

    /** A message file in {@code cur/} or {@code new/}. */
    record Entry(Path file, MaildirFileName name) {
    }

    Path cur() {
        return dir.resolve("cur");
    }

    Path tmp() {
        return dir.resolve("tmp");
    }

    boolean isMaildir() {
        return Files.isDirectory(cur());
    }

    /** Creates the directory with cur/, new/ and tmp/ (and a subfolder's marker) where missing, durably. */
    void create(boolean subfolder) {
        try {
            for (String sub : List.of("cur", "new", "tmp")) {
                PrivateFiles.createDirectories(dir.resolve(sub));
            }
            if (subfolder && !Files.exists(dir.resolve(SUBFOLDER_MARKER))) {
                Files.createFile(dir.resolve(SUBFOLDER_MARKER), PrivateFiles.fileAttributes());
            }
            PrivateFiles.fsyncDirectory(dir);
            PrivateFiles.fsyncDirectory(dir.getParent());
        } catch (IOException e) {
            throw ArchiveErrors.write(dir, e);
        }
    }

    /** Deletes what an interrupted write left in tmp/ (mailferry's files only). */
    void deleteTempFiles() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp(), TEMP_PREFIX + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw ArchiveErrors.write(tmp(), e);
        }
    }

    Optional<ArchivedFolder> state() {
        return ArchivedFolder.read(dir.resolve(STATE_FILE));
    }

    void writeState(ArchivedFolder state) {
        state.write(dir.resolve(STATE_FILE));
    }

    /** The message files of cur/ and new/, in no particular order; dot files are not messages. */
    List<Entry> messageFiles() {
        List<Entry> entries = new ArrayList<>();
        for (Path sub : List.of(cur(), dir.resolve("new"))) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(sub)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (!name.startsWith(".")) {
                        entries.add(new Entry(f, MaildirFileName.parse(name)));
                    }
                }
            } catch (NoSuchFileException e) {
                // a foreign Maildir may lack new/
            } catch (IOException e) {
                throw ArchiveErrors.read(sub, e);
            }
        }
        return entries;
    }
}
