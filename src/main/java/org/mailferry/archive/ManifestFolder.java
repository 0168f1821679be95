package org.mailferry.archive;

import java.util.List;
import org.mailferry.store.FolderPath;

/**
 * One folder in the archive manifest ({@link ArchiveManifest}, format version 2).
 *
 * @param folder             the exact folder path segments (relative to the source's personal namespace)
 * @param location           its data file (mbox) or directory (Maildir), relative to the archive root
 * @param index              the file holding each message's SHA-256, relative to the archive root
 * @param compression        none, zstd, gzip or xz
 * @param uidValidity        the source UIDVALIDITY its UIDs belong to (0: unknown)
 * @param retiredUidValidity for a generation set aside after a UIDVALIDITY change, its old value; else 0
 * @param messages           messages held
 * @param bytes              their total size (original bytes)
 * @param lastUid            the highest UID held (0: none)
 * @param sourceName         the name exactly as the source server listed it (modified UTF-7, with any
 *                           namespace prefix); null when unknown (version 1, or not copied from IMAP)
 * @param delimiter          the source's hierarchy delimiter for that name; null when flat or unknown
 */
public record ManifestFolder(List<String> folder, String location, String index, String compression,
                             long uidValidity, long retiredUidValidity, long messages, long bytes, long lastUid,
                             String sourceName, String delimiter) {

    static ManifestFolder of(FolderContents c) {
        return counted(c, c.messages().size(), c.bytes(), c.lastUid());
    }

    /** The folder {@code c} describes, with counts its store took elsewhere (its messages are ignored). */
    public static ManifestFolder counted(FolderContents c, long messages, long bytes, long lastUid) {
        return new ManifestFolder(c.folder().path().segments(), c.location(), c.index(), c.compression(),
                c.uidValidity(), c.retiredUidValidity(), messages, bytes, lastUid, c.sourceName(),
                c.folder().delimiter() == null ? null : String.valueOf(c.folder().delimiter()));
    }

    public FolderPath path() {
        return new FolderPath(folder);
    }
}
