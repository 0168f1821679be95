package org.mailferry.mbox;

import java.nio.file.Path;

/**
 * The files of one archived folder, side by side: {@code NAME.mbox} (the messages),
 * {@code NAME.mbox.index} (the sidecar index) and {@code NAME.mbox.folder.json} (the folder state).
 */
record MboxFiles(Path mbox) {

    static final String MBOX_SUFFIX = ".mbox";
    static final String INDEX_SUFFIX = ".mbox.index";
    static final String STATE_SUFFIX = ".mbox.folder.json";

    static MboxFiles of(Path dir, String name) {
        return new MboxFiles(dir.resolve(name + MBOX_SUFFIX));
    }

    /** {@code NAME}: the file-name component of the folder's last segment. */
    String name() {
        String f = mbox.getFileName().toString();
        return f.substring(0, f.length() - MBOX_SUFFIX.length());
    }

    Path index() {
        return mbox.resolveSibling(name() + INDEX_SUFFIX);
    }

    Path state() {
        return mbox.resolveSibling(name() + STATE_SUFFIX);
    }
}
