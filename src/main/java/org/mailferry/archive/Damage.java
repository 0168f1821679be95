package org.mailferry.archive;

import java.nio.file.Path;

/**
 * One thing wrong in an archive, found by re-reading it, said so that a user can find it.
 *
 * @param kind    what sort of damage
 * @param file    the file concerned
 * @param offset  byte offset in {@code file} (for a compressed mbox: of the compressed unit), -1 when none applies
 * @param uid     the message concerned, 0 when none
 * @param problem what is wrong, one sentence
 */
public record Damage(Kind kind, Path file, long offset, long uid, String problem) {

    public enum Kind {
        /** A message whose bytes, size or separator do not match what its index says. */
        MESSAGE,
        /** A message the folder's checksum file lists but whose file is gone (Maildir). */
        MISSING,
        /** A file that does not parse or does not belong: a bad name, a damaged index, stray bytes. */
        FILE
    }

    /** One line naming the file, offset and message: {@code FILE at byte N: message UID u: PROBLEM}. */
    public String describe() {
        return file + (offset >= 0 ? " at byte " + offset : "") + ": " + (uid > 0 ? "message UID " + uid + ": " : "")
                + problem;
    }
}
