package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SpecialUse;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * The per-folder state file of an archive (Maildir: {@code mailferry-folder.json} inside the
 * folder's directory; mbox: {@code NAME.mbox.folder.json} beside the mbox). Format version 1,
 * documented in ARCHITECTURE.md. The highest UID held is not stored here: the archive's content
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
 */
public record ArchivedFolder(int version, List<String> folder, String sourceName, String delimiter, String role,
                             long uidValidity, long highestModSeq, long retiredUidValidity) {

    public static final int VERSION = 1;

    public static ArchivedFolder fresh(FolderInfo source, FolderPath target) {
        return new ArchivedFolder(VERSION, target.segments(), source.rawName(),
                source.delimiter() == null ? null : String.valueOf(source.delimiter()),
                source.role().map(Enum::name).orElse(null), 0, 0, 0);
    }

    public FolderPath path() {
        return new FolderPath(folder);
    }

    public Optional<SpecialUse> specialUse() {
        return SpecialUse.fromName(role);
    }

    public ArchivedFolder withUidValidity(long v) {
        return new ArchivedFolder(version, folder, sourceName, delimiter, role, v, highestModSeq, retiredUidValidity);
    }

    public ArchivedFolder withHighestModSeq(long m) {
        return new ArchivedFolder(version, folder, sourceName, delimiter, role, uidValidity, m, retiredUidValidity);
    }

    public ArchivedFolder retiredAs(FolderPath newPath) {
        return new ArchivedFolder(version, newPath.segments(), sourceName, delimiter, role, uidValidity,
                highestModSeq, uidValidity);
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
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            ArchivedFolder f = Json.MAPPER.readValue(Files.readAllBytes(file), ArchivedFolder.class);
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
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(this));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }
}
