package org.mailferry.verify;

import org.mailferry.error.ExitCode;

/**
 * The outcome of {@code mailferry verify}: the archive's own check and, with {@code --against},
 * its comparison with the live mailbox.
 *
 * @param archive what re-reading the archive found
 * @param live    the comparison with the mailbox, or null when none was asked for
 */
public record VerifyResult(ArchiveReport archive, LiveReport live) {

    /** {@code intact}, {@code damaged} or {@code differs} (intact, but not what the mailbox holds now). */
    public String outcome() {
        if (!archive.intact()) {
            return "damaged";
        }
        return live != null && !live.same() ? "differs" : "intact";
    }

    /** ARCHIVE (14) for any damage; PARTIAL (3) for an intact archive that differs from the mailbox; else OK. */
    public ExitCode exitCode() {
        return switch (outcome()) {
            case "damaged" -> ExitCode.ARCHIVE;
            case "differs" -> ExitCode.PARTIAL;
            default -> ExitCode.OK;
        };
    }
}
