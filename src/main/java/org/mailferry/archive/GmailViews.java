package org.mailferry.archive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.GmailMeta;
import org.mailferry.store.LabelMode;
import org.mailferry.store.SpecialUse;

/**
 * A Gmail archive as folders for a target that has no labels: each label is a folder of the All
 * Mail messages that carry it ({@link LabelMode#FOLDERS}), or of those whose first label it is
 * ({@link LabelMode#PRIMARY}); All Mail itself keeps only the messages without a label; Spam,
 * Trash and any other folder stay as they are. The label folders carry the attribute
 * {@link #LABEL_ATTRIBUTE}, so a target can say in its notes what they are. Immutable.
 */
public final class GmailViews {

    /** The attribute of a folder that is a Gmail label seen as a folder. */
    public static final String LABEL_ATTRIBUTE = "\\X-Mailferry-Gmail-Label";

    private final FolderInfo allMail;
    private final List<FolderInfo> folders;
    private final Map<FolderPath, long[]> uids;

    private GmailViews(FolderInfo allMail, List<FolderInfo> folders, Map<FolderPath, long[]> uids) {
        this.allMail = allMail;
        this.folders = folders;
        this.uids = uids;
    }

    /**
     * The views of {@code physical}, or empty when it has no All Mail folder with a Gmail index.
     *
     * @param index the Gmail fields of a folder's messages by UID
     */
    public static Optional<GmailViews> of(List<FolderInfo> physical, Function<FolderInfo, Map<Long, GmailMeta>> index,
                                          LabelMode mode) {
        FolderInfo all = physical.stream().filter(f -> f.role().orElse(null) == SpecialUse.ALL).findFirst().orElse(null);
        if (all == null) {
            return Optional.empty();
        }
        Map<Long, GmailMeta> messages = index.apply(all);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Long>> byLabel = new LinkedHashMap<>();
        List<Long> unlabelled = new ArrayList<>();
        messages.forEach((uid, g) -> {
            List<String> labels = mode == LabelMode.PRIMARY && !g.labels().isEmpty() ? g.labels().subList(0, 1) : g.labels();
            if (labels.isEmpty()) {
                unlabelled.add(uid);
            }
            labels.forEach(l -> byLabel.computeIfAbsent(l, k -> new ArrayList<>()).add(uid));
        });
        Map<FolderPath, long[]> uids = new LinkedHashMap<>();
        List<FolderInfo> folders = new ArrayList<>();
        for (FolderInfo f : physical) {
            if (f != all) {
                folders.add(f);
            }
        }
        folders.add(all);
        uids.put(all.path(), unlabelled.stream().mapToLong(Long::longValue).toArray());
        byLabel.forEach((label, held) -> {
            FolderPath path = GmailLabels.folder(label);
            if (uids.containsKey(path) || physical.stream().anyMatch(f -> f.path().equals(path))) {
                return; // a label named like a real folder of the archive: its messages stay in All Mail's view
            }
            folders.add(new FolderInfo(path, label, '/', GmailLabels.role(label), Set.of(LABEL_ATTRIBUTE)));
            uids.put(path, held.stream().mapToLong(Long::longValue).toArray());
        });
        folders.sort(java.util.Comparator.comparing(FolderInfo::path));
        return Optional.of(new GmailViews(all, List.copyOf(folders), uids));
    }

    public List<FolderInfo> folders() {
        return folders;
    }

    public FolderInfo allMail() {
        return allMail;
    }

    /** The All Mail UIDs a view holds; empty for a folder that is not a view. */
    public Optional<long[]> uidsOf(FolderPath path) {
        return Optional.ofNullable(uids.get(path));
    }
}
