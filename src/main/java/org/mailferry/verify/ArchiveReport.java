package org.mailferry.verify;

import java.util.List;
import org.mailferry.archive.Damage;

/**
 * What {@code verify} found in a whole archive.
 *
 * @param archive  the archive's URI
 * @param manifest whether the archive has a manifest (without one, counts cannot be checked)
 * @param folders  one verdict per folder, sorted by path
 * @param damage   damage outside any folder: folders the manifest lists that are gone
 * @param notes    facts that are not damage
 */
public record ArchiveReport(String archive, boolean manifest, List<FolderVerdict> folders, List<Damage> damage,
                            List<String> notes) {

    public ArchiveReport {
        folders = List.copyOf(folders);
        damage = List.copyOf(damage);
        notes = List.copyOf(notes);
    }

    public boolean intact() {
        return damage.isEmpty() && folders.stream().allMatch(f -> f.damage().isEmpty());
    }

    /** Every damage, the archive's first, then each folder's. */
    public List<Damage> allDamage() {
        return java.util.stream.Stream.concat(damage.stream(), folders.stream().flatMap(f -> f.damage().stream()))
                .toList();
    }
}
