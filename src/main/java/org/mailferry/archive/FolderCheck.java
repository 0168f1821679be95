package org.mailferry.archive;

import java.util.List;

/**
 * The result of re-reading every message of one archive folder.
 *
 * @param contents what the folder's index says it holds
 * @param intact   messages whose bytes match their size and recorded SHA-256
 * @param damage   everything found wrong, in file order
 * @param notes    facts worth telling that are not damage (leftovers of an interrupted run, no checksum recorded)
 */
public record FolderCheck(FolderContents contents, long intact, List<Damage> damage, List<String> notes) {

    public FolderCheck {
        damage = List.copyOf(damage);
        notes = List.copyOf(notes);
    }
}
