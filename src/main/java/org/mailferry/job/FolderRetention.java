package org.mailferry.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;

/**
 * Retention of whole folders ({@code backup --keep-deleted-for}), run after a complete backup:
 * an archive folder the selection covers that the source no longer lists (deleted or renamed
 * there), and every generation set aside after a UIDVALIDITY change ({@code NAME [uidvalidity N]}),
 * has all its messages expire like single gone messages: each is recorded gone when first seen so
 * (the folder's gone ledger) and removed once gone for the retention time. A folder left empty is
 * removed. Returns one sentence per folder it touched. Runs in the thread of the command.
 */
public final class FolderRetention {

    private static final Pattern RETIRED = Pattern.compile("^(.*) \\[uidvalidity \\d+\\]$");

    private FolderRetention() {
    }

    public static List<String> apply(CopyChannel channel, ArchiveStore archive) {
        Set<FolderPath> listed = channel.plan().values().stream().map(PartitionFolder::targetPath)
                .collect(Collectors.toSet());
        List<String> said = new ArrayList<>();
        for (FolderInfo f : archive.listFolders()) {
            FolderPath base = baseOf(f.path());
            if (listed.contains(f.path()) || !channel.selection().matches(base)) {
                continue; // on the source, or left out of this backup: not gone
            }
            int held;
            int removed;
            try (FolderSink sink = archive.openSink(f, f.path())) {
                Set<Long> uids = sink.heldSourceUids();
                held = uids.size();
                removed = held == 0 ? 0 : sink.removeGone(uids, channel.options().keepDeletedFor());
            }
            String what = base.equals(f.path()) ? "folder \"" + f.path() + "\" is no longer on the source"
                    : "folder \"" + f.path() + "\" is a generation set aside";
            if (removed == held) {
                archive.removeFolder(f.path());
                said.add(what + ": its " + held + " messages expired and the folder was removed");
            } else if (removed > 0) {
                said.add(what + ": " + removed + " of its " + held + " messages expired");
            }
        }
        return said;
    }

    /** The folder a set-aside generation came from; the folder itself otherwise. */
    static FolderPath baseOf(FolderPath path) {
        List<String> segments = new ArrayList<>(path.segments());
        Matcher m = RETIRED.matcher(segments.get(segments.size() - 1));
        if (!m.matches()) {
            return path;
        }
        segments.set(segments.size() - 1, m.group(1));
        return new FolderPath(segments);
    }
}
