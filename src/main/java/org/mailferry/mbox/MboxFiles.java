package org.mailferry.mbox;

import java.nio.file.Path;
import java.util.Optional;
import org.mailferry.archive.Compression;

/**
 * The files of one archived folder, side by side: {@code NAME.mbox} (the messages; compressed:
 * {@code NAME.mbox.zst}, {@code .gz} or {@code .xz}, as its index says), {@code NAME.mbox.index}
 * (the sidecar index) and {@code NAME.mbox.folder.json} (the folder state). {@link #mbox()} names
 * the folder whatever its compression.
 */
record MboxFiles(Path mbox) {

    static final String MBOX_SUFFIX = ".mbox";
    static final String INDEX_SUFFIX = ".mbox.index";
    static final String STATE_SUFFIX = ".mbox.folder.json";
    static final String GONE_SUFFIX = ".mbox.gone.json";
    static final String SKIPPED_SUFFIX = ".mbox.skipped.json";
    static final String GMAIL_SUFFIX = ".mbox.gmail.jsonl";

    static MboxFiles of(Path dir, String name) {
        return new MboxFiles(dir.resolve(name + MBOX_SUFFIX));
    }

    /**
     * The {@code NAME} of the folder a file belongs to when it is a folder's data or state file
     * ({@code NAME.mbox}, {@code NAME.mbox.zst}, ..., {@code NAME.mbox.folder.json}).
     */
    static Optional<String> folderNameOf(String fileName) {
        if (fileName.endsWith(STATE_SUFFIX)) {
            return Optional.of(strip(fileName, STATE_SUFFIX));
        }
        for (Compression c : Compression.values()) {
            if (fileName.endsWith(MBOX_SUFFIX + c.extension())) {
                return Optional.of(strip(fileName, MBOX_SUFFIX + c.extension()));
            }
        }
        return Optional.empty();
    }

    /** {@code NAME}: the file-name component of the folder's last segment. */
    String name() {
        return strip(mbox.getFileName().toString(), MBOX_SUFFIX);
    }

    /** The file holding the messages when compressed with {@code compression}. */
    Path data(Compression compression) {
        return mbox.resolveSibling(name() + MBOX_SUFFIX + compression.extension());
    }

    Path index() {
        return mbox.resolveSibling(name() + INDEX_SUFFIX);
    }

    /** When messages were first seen gone from the source (retention, {@code GoneLedger}). */
    Path gone() {
        return mbox.resolveSibling(name() + GONE_SUFFIX);
    }

    /** Messages skipped by earlier runs ({@code SkipLedger}). */
    Path skipped() {
        return mbox.resolveSibling(name() + SKIPPED_SUFFIX);
    }

    /** Gmail's fields per UID ({@code GmailIndex}). */
    Path gmail() {
        return mbox.resolveSibling(name() + GMAIL_SUFFIX);
    }

    Path state() {
        return mbox.resolveSibling(name() + STATE_SUFFIX);
    }

    private static String strip(String s, String suffix) {
        return s.substring(0, s.length() - suffix.length());
    }
}
