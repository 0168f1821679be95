package org.mailferry.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.util.PrivateFiles;

/**
 * The keyword letters of one Maildir folder, kept in its {@code dovecot-keywords} file exactly as
 * Dovecot writes it: one line {@code <index> <keyword>} per keyword, index 0..25 standing for the
 * letters a..z in file names. A new keyword takes the first free index, and the file is rewritten
 * atomically before {@link #encode} returns, so before any file name uses the letter.
 * <p>
 * A folder has 26 letters at most. Keywords that find none are returned as overflow: the caller
 * keeps them per UID in the sidecar {@code mailferry-keywords.json} ({@link MaildirKeywordOverflow}),
 * which Dovecot does not read. Not thread-safe: one per open folder.
 */
final class MaildirKeywords {

    static final String FILE_NAME = "dovecot-keywords";
    private static final int MAX = 26;

    private final Path file;
    private final String[] names = new String[MAX];

    private MaildirKeywords(Path file) {
        this.file = file;
    }

    /** Reads the folder's file; lines Dovecot would skip (no space, bad index, empty name) are skipped. */
    static MaildirKeywords load(Path folderDir) {
        MaildirKeywords k = new MaildirKeywords(folderDir.resolve(FILE_NAME));
        if (!org.mailferry.archive.ArchiveFiles.exists(k.file)) {
            return k;
        }
        try {
            for (String line : new String(org.mailferry.archive.ArchiveFiles.readAllBytes(k.file), StandardCharsets.UTF_8)
                    .lines().toList()) {
                int space = line.indexOf(' ');
                int index = space < 0 ? -1 : parseIndex(line.substring(0, space));
                if (index >= 0 && index < MAX && space + 1 < line.length()) {
                    k.names[index] = line.substring(space + 1);
                }
            }
        } catch (IOException e) {
            throw ArchiveErrors.read(k.file, e);
        }
        return k;
    }

    /** Letters (in order) of the keywords that have or get one, and the keywords left without one. */
    Encoded encode(Set<String> keywords) {
        StringBuilder letters = new StringBuilder();
        SortedSet<String> overflow = new TreeSet<>();
        boolean added = false;
        for (String keyword : keywords) {
            int index = indexOf(keyword);
            if (index < 0) {
                index = indexOf(null);
                if (index >= 0) {
                    names[index] = keyword;
                    added = true;
                }
            }
            if (index >= 0) {
                letters.append((char) ('a' + index));
            } else {
                overflow.add(keyword);
            }
        }
        if (added) {
            save();
        }
        return new Encoded(MaildirFileName.sorted(letters), overflow);
    }

    /** The keywords named by the letters a..z in {@code letters}; letters without a keyword are ignored. */
    SortedSet<String> decode(String letters) {
        SortedSet<String> keywords = new TreeSet<>();
        for (char c : letters.toCharArray()) {
            if (MaildirFileName.isKeywordLetter(c) && names[c - 'a'] != null) {
                keywords.add(names[c - 'a']);
            }
        }
        return keywords;
    }

    record Encoded(String letters, SortedSet<String> overflow) {
    }

    private int indexOf(String keyword) {
        for (int i = 0; i < MAX; i++) {
            if (keyword == null ? names[i] == null : keyword.equals(names[i])) {
                return i;
            }
        }
        return -1;
    }

    private void save() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < MAX; i++) {
            if (names[i] != null) {
                s.append(i).append(' ').append(names[i]).append('\n');
            }
        }
        try {
            PrivateFiles.writeAtomically(file, s.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
