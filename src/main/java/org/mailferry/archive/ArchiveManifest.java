package org.mailferry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderPath;
import org.mailferry.store.StoreUri;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;
import tools.jackson.core.JacksonException;

/**
 * The manifest at an archive's root, {@value #FILE_NAME}: what the archive held at the end of the
 * last run, so that {@code verify} can tell a lost or damaged message from one never written.
 * Format version 2 (documented in ARCHITECTURE.md; version 1 had no {@code sourceName} and
 * {@code delimiter}), pretty-printed JSON:
 * <pre>{@code
 * {"format": "mailferry-archive-manifest", "version": 1, "tool": "mailferry 0.2.0",
 *  "updated": "2026-11-05T09:03:02Z", "source": "imaps://alice@mail.example.org:993",
 *  "store": "mbox",
 *  "folders": [{"folder": ["INBOX"], "location": "INBOX.mbox.zst", "index": "INBOX.mbox.index",
 *               "compression": "zstd", "uidValidity": 1732543210, "retiredUidValidity": 0,
 *               "messages": 1204, "bytes": 73400320, "lastUid": 1311,
 *               "sourceName": "INBOX", "delimiter": "/"}]}
 * }</pre>
 * {@code source} is the account without any secret; per message, the SHA-256 is in the folder's
 * {@code index}. Everything is derived from the archive's own indexes when written, so it never
 * disagrees with what was there. Written atomically ({@code .new}, fsync, rename, fsync
 * directory). Readers ignore unknown keys and refuse a greater version.
 *
 * @param format  always {@value #FORMAT}
 * @param version format version, {@value #VERSION}
 * @param tool    the mailferry that wrote it
 * @param updated when it was written
 * @param source  the mailbox the last run copied, without secrets
 * @param store   {@code maildir} or {@code mbox}
 * @param folders every folder, sorted by path
 */
public record ArchiveManifest(String format, int version, String tool, Instant updated, String source, String store,
                              List<ManifestFolder> folders) {

    public static final String FILE_NAME = StoreUri.MANIFEST_FILE;
    public static final String FORMAT = "mailferry-archive-manifest";
    public static final int VERSION = 2;

    public ArchiveManifest {
        folders = List.copyOf(folders);
    }

    /**
     * Describes what {@code archive} holds now and writes it as the manifest, atomically. Call it
     * at the end of every run that wrote the archive, while the archive is still open for writing
     * (its lock held).
     *
     * @param source      the account the run copied, without secrets ({@code Store.describe()})
     * @param toolVersion the running mailferry's version
     */
    public static ArchiveManifest update(ArchiveStore archive, String source, String toolVersion) {
        String store = StoreUri.parse(archive.describe()).kind().name().toLowerCase(Locale.ROOT);
        ArchiveManifest m = new ArchiveManifest(FORMAT, VERSION, "mailferry " + toolVersion, Instant.now(), source,
                store, archive.manifestFolders());
        Path file = archive.root().resolve(FILE_NAME);
        try {
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(m));
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
        return m;
    }

    /** The manifest of the archive at {@code root}, if it has one. */
    public static Optional<ArchiveManifest> read(Path root) {
        Path file = root.resolve(FILE_NAME);
        if (!ArchiveFiles.exists(file)) {
            return Optional.empty();
        }
        try {
            ArchiveManifest m = Json.MAPPER.readValue(ArchiveFiles.readAllBytes(file), ArchiveManifest.class);
            if (!FORMAT.equals(m.format())) {
                throw MailferryException.archive(file + " is not a mailferry archive manifest", null);
            }
            if (m.version() > VERSION) {
                throw MailferryException.archive(file + " has format version " + m.version()
                        + "; this mailferry reads up to " + VERSION + ": upgrade mailferry", null);
            }
            return Optional.of(m);
        } catch (IOException e) {
            throw ArchiveErrors.read(file, e);
        } catch (JacksonException e) {
            throw new Damaged(file + " is damaged (" + e.getOriginalMessage() + "); the next backup rewrites it", e);
        }
    }

    /** The manifest does not parse: derived data, which the next backup writes again from the folders. */
    public static final class Damaged extends MailferryException {
        Damaged(String message, Throwable cause) {
            super(org.mailferry.error.FailureScope.STORE, org.mailferry.error.ExitCode.ARCHIVE, message, cause);
        }
    }

    public Optional<ManifestFolder> folder(FolderPath path) {
        return folders.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
