package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.MessageRange;
import org.mailferry.store.SpecialUse;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * The per-folder state file of an archive (Maildir: {@code mailferry-folder.json} inside the
 * folder's directory; mbox: {@code NAME.mbox.folder.json} beside the mbox). Format version 1,
 * documented in ARCHITECTURE.md; a state that records a filter is written as version 2, so that
 * an older mailferry, which would ignore the filter and take the folder as complete, refuses it. The highest UID held is not stored here: the archive's content
 * says it (Maildir {@code ,U=} names, mbox index), so it can never disagree.
 *
 * @param version       format version, 1
 * @param folder        the exact folder path segments (authoritative over the file name)
 * @param sourceName    the name as the source server spelled it (modified UTF-7 for IMAP)
 * @param delimiter     the source's hierarchy delimiter, or null
 * @param role          special-use role name (SENT, TRASH, ...) or null
 * @param uidValidity   the source UIDVALIDITY of the messages held; 0 when none yet
 * @param highestModSeq source HIGHESTMODSEQ at the end of the last complete pass, 0 if unknown
 * @param retiredUidValidity for a folder set aside after a UIDVALIDITY change: the original
 *                      folder it came from is {@code folder} minus the suffix; 0 otherwise
 * @param filter        the filter the held messages were selected under ({@code backup --since}, ...):
 *                      every source message up to the highest UID held that matches it is held;
 *                      null when no filter was in force (every message up to there is held)
 */
public record ArchivedFolder(int version, List<String> folder, String sourceName, String delimiter, String role,
                             long uidValidity, long highestModSeq, long retiredUidValidity,
                             MessageRange filter) {

    /** The highest format version this mailferry reads (and writes when a filter is recorded). */
    public static final int VERSION = 2;

    public static ArchivedFolder fresh(FolderInfo source, FolderPath target) {
        return new ArchivedFolder(VERSION, target.segments(), source.rawName(),
                source.delimiter() == null ? null : String.valueOf(source.delimiter()),
                source.role().map(Enum::name).orElse(null), 0, 0, 0, null);
    }

    public FolderPath path() {
        return new FolderPath(folder);
    }

    public Optional<SpecialUse> specialUse() {
        return SpecialUse.fromName(role);
    }

    public ArchivedFolder withUidValidity(long v) {
        return new ArchivedFolder(version, folder, sourceName, delimiter, role, v, highestModSeq, retiredUidValidity, filter);
    }

    public ArchivedFolder withHighestModSeq(long m) {
        return new ArchivedFolder(version, folder, sourceName, delimiter, role, uidValidity, m, retiredUidValidity, filter);
    }

    /** With this filter in force (null or {@link MessageRange#ALL}: none). */
    public ArchivedFolder withFilter(MessageRange f) {
        return new ArchivedFolder(version, folder, sourceName, delimiter, role, uidValidity, highestModSeq,
                retiredUidValidity, f == null || f.isAll() ? null : f);
    }

    /** The filter in force, {@link MessageRange#ALL} when none. */
    public MessageRange filterInForce() {
        return filter == null ? MessageRange.ALL : filter;
    }

    public ArchivedFolder retiredAs(FolderPath newPath) {
        return new ArchivedFolder(version, newPath.segments(), sourceName, delimiter, role, uidValidity,
                highestModSeq, uidValidity, filter);
    }

    public FolderInfo toFolderInfo(String rawName) {
        Character d = delimiter == null || delimiter.isEmpty() ? null : delimiter.charAt(0);
        return new FolderInfo(path(), rawName, d, specialUse(), java.util.Set.of());
    }

    /** Name of the folder a retired generation is kept under: {@code "INBOX [uidvalidity 123]"}. */
    public static FolderPath retiredPath(FolderPath original, long oldUidValidity) {
        List<String> segs = new java.util.ArrayList<>(original.segments());
        segs.set(segs.size() - 1, segs.get(segs.size() - 1) + " [uidvalidity " + oldUidValidity + "]");
        return new FolderPath(segs);
    }

    public static Optional<ArchivedFolder> read(Path file) {
        if (!ArchiveFiles.exists(file)) {
            return Optional.empty();
        }
        try {
            ArchivedFolder f = Json.MAPPER.readValue(ArchiveFiles.readAllBytes(file), ArchivedFolder.class);
            if (f.version() > VERSION) {
                throw MailferryException.archive(file + " has format version " + f.version()
                        + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
            }
            return Optional.of(f);
        } catch (IOException | tools.jackson.core.JacksonException e) {
            throw MailferryException.archive("cannot read folder state " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            ArchivedFolder written = new ArchivedFolder(filter == null ? 1 : 2, folder, sourceName, delimiter, role,
                    uidValidity, highestModSeq, retiredUidValidity, filter);
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(written));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }
}
