package org.mailferry.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.imap.ImapStore;
import org.mailferry.job.BatchEngine;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFilter;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;
import org.mailferry.store.TargetLedger;

/**
 * {@code --dry-run}: what a restore or migrate would do — per folder the target folder (and
 * whether it must be created), the messages and bytes still to copy — read from the source, the
 * target's folder list and the ledger, writing nothing anywhere.
 */
public final class DryRunPlanner {

    /** One line of the plan. */
    public record FolderPlan(String source, String target, boolean create, long messages, long bytes,
                             List<String> notes) {
    }

    private DryRunPlanner() {
    }

    /** The plan of {@code r}, one entry per selected source folder. */
    public static List<FolderPlan> plan(CopyRequest r) {
        return plan(r, MessageFilter.ALL);
    }

    /** The plan of {@code r} for the messages {@code filter} takes (counted by reading them). */
    public static List<FolderPlan> plan(CopyRequest r, MessageFilter filter) {
        StoreFactory stores = new StoreFactory(r.tls(), r.tuning(), new ContentSpooler(
                r.engine().spoolDir().resolve("dry-run-" + ProcessHandle.current().pid()), 0, 0),
                HostConnectionLimit.NONE).withImapPolicy(r.imap());
        List<FolderPlan> plan = new ArrayList<>();
        try (BatchEngine engine = BatchEngine.start(r.engine());
             Store opened = stores.open(r.source(), r.sourceCredentials(), false, TargetLedger.NONE, 0);
             Store target = stores.open(r.target(), r.targetCredentials(), false, TargetLedger.NONE, 0)) {
            Store source = filter == MessageFilter.ALL ? opened : new FilteredStore(opened, filter);
            TargetLedger ledger = filter == MessageFilter.ALL
                    ? engine.ledger(r.source().describe(), r.target().describe()) : TargetLedger.NONE;
            Function<FolderInfo, FolderPath> mapping = r.mapping().apply(target);
            for (FolderInfo f : source.listFolders()) {
                if (r.selection().matches(f.path())) {
                    plan.add(plan(f, mapping.apply(f), source, target, ledger));
                }
            }
        }
        return plan;
    }

    private static FolderPlan plan(FolderInfo f, FolderPath to, Store source, Store target, TargetLedger ledger) {
        List<String> notes = new ArrayList<>();
        String name = to.display();
        boolean create = false;
        if (target instanceof ImapStore imap) {
            name = imap.plannedName(to, notes);
            create = !imap.folderExists(name);
        }
        try (FolderSource src = source.openSource(f)) {
            long after = ledger.load(f.path(), name).filter(e -> e.sourceUidValidity() == src.uidValidity())
                    .map(TargetLedger.Entry::lastSourceUid).orElse(0L);
            try (MessageCursor c = src.messagesAfter(after)) {
                long count = c.expectedCount();
                long bytes = c.totalBytes();
                if (count < 0 || bytes < 0) { // a filtered source cannot tell without reading
                    count = 0;
                    bytes = 0;
                    for (SourceMessage m; (m = c.next()) != null; ) {
                        try (SourceMessage held = m) {
                            count++;
                            bytes += held.meta().size();
                        }
                    }
                }
                return new FolderPlan(f.path().display(), name, create, count, bytes, notes);
            }
        }
    }
}
