package org.mailferry.archive;

import java.util.Optional;

/**
 * What an archive folder does when the source folder's UIDVALIDITY differs from the one it holds,
 * and what the user is told: the one policy of every archive format. The first generation of a
 * new folder is simply adopted; a folder that held no message of the old generation starts over;
 * otherwise the old generation is set aside, never mixed with the new UIDs and never deleted
 * (retention may expire it later), and the folder is archived again from the start.
 *
 * @param folder   the folder, as the user knows it
 * @param held     the UIDVALIDITY the archive holds (0: a new folder)
 * @param incoming the source's UIDVALIDITY now
 * @param messages how many messages of {@code held} the archive has
 */
public record GenerationChange(String folder, long held, long incoming, long messages) {

    /** The change, or empty when the generation is the same. */
    public static Optional<GenerationChange> of(String folder, long held, long incoming, long messages) {
        return held == incoming ? Optional.empty() : Optional.of(new GenerationChange(folder, held, incoming, messages));
    }

    /** The old generation has messages: the sink moves them aside before it starts again. */
    public boolean setsAside() {
        return held != 0 && messages > 0;
    }

    /**
     * What the user is told, or null for a new folder.
     *
     * @param setAsideAs the folder the old generation now is (when {@link #setsAside()}), as the user sees it
     */
    public String note(String setAsideAs) {
        if (held == 0) {
            return null;
        }
        String changed = "folder " + folder + ": the source's UIDVALIDITY changed from " + held + " to " + incoming;
        return !setsAside() ? changed + "; the archive held no message of the old one"
                : changed + ", so the " + messages + " messages archived before were set aside in folder \"" + setAsideAs
                        + "\" and the folder is archived again from the start";
    }
}
