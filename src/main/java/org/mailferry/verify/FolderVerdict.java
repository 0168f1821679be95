package org.mailferry.verify;

import java.util.List;
import org.mailferry.archive.Damage;

/**
 * What verifying one archive folder found.
 *
 * @param folder   the folder's display path
 * @param location its data file or directory, relative to the archive root
 * @param messages messages its index lists
 * @param bytes    their total size
 * @param intact   messages re-read and found as recorded
 * @param damage   everything wrong, each naming its file (and offset)
 * @param notes    facts that are not damage
 */
public record FolderVerdict(String folder, String location, long messages, long bytes, long intact, List<Damage> damage,
                            List<String> notes) {

    public FolderVerdict {
        damage = List.copyOf(damage);
        notes = List.copyOf(notes);
    }
}
