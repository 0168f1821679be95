package org.mailferry.job;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SpecialUse;

/**
 * Where each source folder goes on a target: special-use folders by role (the source's Sent goes
 * into the target's {@code \Sent} folder whatever it is called: Gmail {@code [Gmail]/Sent Mail},
 * Exchange {@code Sent Items}), everything else by name. With an {@code into} prefix every
 * folder goes below it instead, by name, merging nothing.
 */
public final class RoleMapping implements Function<FolderInfo, FolderPath> {

    private final Map<SpecialUse, FolderPath> targetRoles = new EnumMap<>(SpecialUse.class);
    private final FolderPath into;

    /** @param into prefix to restore under, or null to merge into the target's folders */
    public RoleMapping(List<FolderInfo> targetFolders, FolderPath into) {
        this.into = into;
        for (FolderInfo f : targetFolders) {
            f.role().ifPresent(r -> targetRoles.putIfAbsent(r, f.path()));
        }
    }

    @Override
    public FolderPath apply(FolderInfo source) {
        if (into != null) {
            return source.path().under(into);
        }
        return source.role().map(targetRoles::get).orElse(source.path());
    }
}
