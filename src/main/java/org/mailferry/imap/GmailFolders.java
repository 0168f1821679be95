package org.mailferry.imap;

import java.util.List;
import java.util.Set;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.SpecialUse;

/**
 * Which folders of a Gmail account hold every message once: All Mail (special-use {@code \All})
 * has every message but those in Spam ({@code \Junk}) and Trash ({@code \Trash}); every other
 * folder is a label, a view of All Mail. Names are localized, so roles decide, never names.
 */
final class GmailFolders {

    private static final Set<SpecialUse> ONCE = Set.of(SpecialUse.ALL, SpecialUse.JUNK, SpecialUse.TRASH);

    private GmailFolders() {
    }

    /** All Mail, Spam and Trash of {@code listed}; all of {@code listed} when it has no All Mail (hidden from IMAP). */
    static List<FolderInfo> readOnce(List<FolderInfo> listed) {
        if (listed.stream().noneMatch(f -> f.role().orElse(null) == SpecialUse.ALL)) {
            return listed;
        }
        return listed.stream().filter(f -> f.role().map(ONCE::contains).orElse(false)).toList();
    }
}
