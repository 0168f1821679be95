package org.mailferry.store;

import java.util.Optional;
import java.util.Set;

/**
 * A folder as a store lists it.
 *
 * @param path      the decoded, delimiter-free name
 * @param rawName   the name as the store spells it (IMAP: modified UTF-7; archives: the directory or file)
 * @param delimiter the store's hierarchy delimiter, {@code null} when flat
 * @param role      its special-use role, if the store declares one
 */
public record FolderInfo(FolderPath path, String rawName, Character delimiter, Optional<SpecialUse> role,
                         Set<String> attributes) {

    public FolderInfo {
        role = role == null ? Optional.empty() : role;
        attributes = attributes == null ? Set.of() : Set.copyOf(attributes);
    }

    public static FolderInfo of(FolderPath path) {
        return new FolderInfo(path, path.display(), '/', Optional.empty(), Set.of());
    }
}
