package org.mailferry.maildir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.GmailLabels;
import org.mailferry.util.PrivateFiles;

/**
 * Gmail's labels in a Maildir archive: each label is a Maildir folder ({@link GmailLabels} names
 * it) whose {@code cur/} holds a hard link, under the same file name, to the one file All Mail
 * stores, so Dovecot and mutt see every label as a folder while the disk holds each message
 * once. The links follow the file: a new label adds one, a removed label deletes one, a flag
 * change renames them. The folders carry {@link MaildirLayout#LABEL_MARKER} and are left out of
 * the archive's own listing (a restore takes the labels from the Gmail index, not the links).
 * Not thread-safe: one per open All Mail sink.
 */
final class MaildirLabelLinks {

    private final MaildirLayout layout;
    private final java.util.Map<String, java.util.Optional<MaildirFolder>> folders = new java.util.HashMap<>();
    private final Set<Path> touched = new LinkedHashSet<>();

    MaildirLabelLinks(MaildirLayout layout) {
        this.layout = layout;
    }

    /** Makes {@code file}'s links match {@code labels} where they matched {@code before}. */
    void link(Path file, List<String> before, List<String> labels) {
        Set<String> keep = new HashSet<>(labels);
        for (String old : before) {
            if (!keep.contains(old) && folder(old).isPresent()) {
                delete(folder(old).get().cur().resolve(file.getFileName()));
            }
        }
        for (String label : labels) {
            if (folder(label).isEmpty()) {
                continue; // the label names a folder of its own (Trash, Spam): its messages are there already
            }
            Path link = folder(label).get().cur().resolve(file.getFileName());
            try {
                Files.createLink(link, file);
            } catch (FileAlreadyExistsException e) {
                // linked by an earlier, interrupted run
            } catch (IOException e) {
                throw ArchiveErrors.write(link, e);
            }
            touched.add(link.getParent());
        }
    }

    /** The All Mail file was renamed (new flags): its links get the same name. */
    void rename(Path from, Path to, List<String> labels) {
        for (String label : labels) {
            if (folder(label).isEmpty()) {
                continue;
            }
            Path cur = folder(label).get().cur();
            try {
                Files.move(cur.resolve(from.getFileName()), cur.resolve(to.getFileName()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                touched.add(cur);
            } catch (NoSuchFileException e) {
                // no link (a label folder emptied by hand): the next label change makes it again
            } catch (IOException e) {
                throw ArchiveErrors.write(cur, e);
            }
        }
    }

    /** Makes the links made or moved since the last call durable. */
    void sync() {
        for (Path d : touched) {
            try {
                PrivateFiles.fsyncDirectory(d);
            } catch (IOException e) {
                throw ArchiveErrors.write(d, e);
            }
        }
        touched.clear();
    }

    private void delete(Path link) {
        try {
            Files.deleteIfExists(link);
            touched.add(link.getParent());
        } catch (IOException e) {
            throw ArchiveErrors.write(link, e);
        }
    }

    /** The label's folder; empty when a folder backed up in its own right has its name. */
    private java.util.Optional<MaildirFolder> folder(String label) {
        return folders.computeIfAbsent(label, l -> layout.labelFolder(GmailLabels.folder(l)));
    }
}
