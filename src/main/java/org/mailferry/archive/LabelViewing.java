package org.mailferry.archive;

import java.util.List;
import java.util.function.Function;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.LabelPlan;
import org.mailferry.store.SubsetSource;

/**
 * How an archive store shows a Gmail archive to a run (both formats alike): as stored, or, when
 * this run's {@link LabelPlan} spreads labels, with each label as a folder ({@link GmailViews})
 * whose messages are read from All Mail. Listing decides the views; opening a folder honours them.
 * Thread-safe.
 */
public final class LabelViewing {

    private volatile LabelPlan plan = new LabelPlan(null);
    private volatile GmailViews views;

    public void plan(LabelPlan p) {
        this.plan = p;
    }

    /** The folders to show: {@code physical}, or the label views over them. */
    public List<FolderInfo> folders(List<FolderInfo> physical, Function<FolderInfo, GmailIndex> index) {
        GmailViews v = plan.spreadLabels() ? GmailViews.of(physical, f -> index.apply(f).all(), plan.mode()).orElse(null)
                : null;
        views = v;
        return v == null ? physical : v.folders();
    }

    /** Whether {@code folder} is a label view (no folder of its own on disk). */
    public boolean isView(org.mailferry.store.FolderPath folder) {
        GmailViews v = views;
        return v != null && v.uidsOf(folder).isPresent();
    }

    /** The source of {@code folder}: a label view's messages out of All Mail, else the folder itself. */
    public FolderSource source(FolderInfo folder, Function<FolderInfo, FolderSource> physical) {
        GmailViews v = views;
        java.util.Optional<long[]> uids = v == null ? java.util.Optional.empty() : v.uidsOf(folder.path());
        return uids.isPresent() ? new SubsetSource(folder, physical.apply(v.allMail()), uids.get()) : physical.apply(folder);
    }
}
