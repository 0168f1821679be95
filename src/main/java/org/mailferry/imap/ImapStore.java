package org.mailferry.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.mailferry.archive.GmailViews;
import org.mailferry.store.LabelPlan;
import org.mailferry.store.SubsetSource;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.Store;
import org.mailferry.store.TargetLedger;

/**
 * An IMAP account as a store. Every opened folder holds its own connection from a pool, so
 * partitions run in parallel up to the limit the job sets, and a connection freed by a finished
 * folder serves the next. As a target, it creates missing folders ({@link TargetFolders}) and
 * keeps its sync state in a {@link TargetLedger}. Thread-safe.
 */
public final class ImapStore implements Store {

    private final ImapEndpoint endpoint;
    private final ContentSpooler spooler;
    private final ImapConnectionPool pool;
    private final TargetLedger ledger;
    private final long sizeLimit;
    private final TargetFolders targetFolders;
    private final ImapPolicy policy;
    private volatile LabelPlan labels = new LabelPlan(null);
    private volatile GmailViews views;

    /** With the default {@link ImapPolicy}: personal folders only, appends read back by headers. */
    public ImapStore(ImapEndpoint endpoint, ContentSpooler spooler, TargetLedger ledger, long sizeLimit,
                     HostConnectionLimit hostLimit) {
        this(endpoint, spooler, ledger, sizeLimit, hostLimit, ImapPolicy.DEFAULT);
    }

    /**
     * @param spooler   holds or spills the messages its sources fetch
     * @param ledger    sync state of its sinks (restore, migrate)
     * @param sizeLimit largest message its sinks send, in bytes; 0 for the server's APPENDLIMIT only
     * @param hostLimit connections per host shared with the other stores of this process
     * @param policy    namespaces listed and how appends are read back
     */
    public ImapStore(ImapEndpoint endpoint, ContentSpooler spooler, TargetLedger ledger, long sizeLimit,
                     HostConnectionLimit hostLimit, ImapPolicy policy) {
        this.policy = policy;
        this.endpoint = endpoint;
        this.spooler = spooler;
        this.pool = new ImapConnectionPool(endpoint, hostLimit);
        this.ledger = ledger;
        this.sizeLimit = sizeLimit;
        this.targetFolders = new TargetFolders(pool);
    }

    public ImapEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String describe() {
        return endpoint.uri().describe();
    }

    @Override
    public List<FolderInfo> listFolders() {
        List<FolderInfo> all = pool.withConnection(c -> c.listFolders(policy.includeShared()));
        if (!policy.gmailOnce() || !isGmail()) {
            views = null;
            return all;
        }
        List<FolderInfo> once = GmailFolders.readOnce(all);
        GmailViews v = labels.spreadLabels() ? GmailViews.of(once, this::labelsOf, labels.mode()).orElse(null) : null;
        views = v;
        return v == null ? once : v.folders();
    }

    /** The Gmail fields of every message of {@code folder} (one UID FETCH). */
    private java.util.Map<Long, org.mailferry.store.GmailMeta> labelsOf(FolderInfo folder) {
        try (FolderSession f = new FolderSession(pool, BASE64MailboxDecoder.decode(folder.rawName()), false,
                new org.mailferry.store.RetryStats())) {
            return f.call("UID FETCH X-GM-LABELS", UidFetcher::gmailFields);
        }
    }

    /**
     * Gmail labels are read as this run's plan says: into a mailbox without labels, each label a
     * folder of All Mail's messages ({@link GmailViews}), as a restore of a Gmail archive does.
     */
    public ImapStore withLabels(LabelPlan plan) {
        this.labels = plan;
        return this;
    }

    @Override
    public Optional<FolderStatus> status(FolderInfo folder) {
        return Optional.of(pool.withConnection(c -> c.status(BASE64MailboxDecoder.decode(folder.rawName()))));
    }

    /** Whether the server offers Gmail's extension X-GM-EXT-1 (labels). */
    public boolean isGmail() {
        return pool.withConnection(c -> c.hasCapability(GmailItems.CAPABILITY));
    }

    /** The account's namespaces (RFC 2342), for {@code check} and dry runs. */
    public ImapNamespaces namespaces() {
        return pool.withConnection(ImapConnection::namespaces);
    }

    /**
     * UIDVALIDITY and every message's UID, size and flags of {@code folder}, read without changing
     * anything (EXAMINE, no body fetched), with the reconnects and backoff of any folder read; for
     * {@code verify --against}.
     */
    public FolderInventory inventory(FolderInfo folder) {
        try (FolderSession f = new FolderSession(pool, BASE64MailboxDecoder.decode(folder.rawName()), false,
                new org.mailferry.store.RetryStats())) {
            java.util.List<org.mailferry.archive.HeldMessage> messages = f.call("UID FETCH metadata", UidFetcher::inventory);
            return new FolderInventory(f.uidValidity(), messages);
        }
    }

    /** Starts logging in {@code n} connections in the background ({@link ImapConnectionPool#openAhead}). */
    public void openAhead(int n) {
        pool.openAhead(n);
    }

    @Override
    public FolderSource openSource(FolderInfo folder) {
        GmailViews v = views;
        Optional<long[]> uids = v == null ? Optional.empty() : v.uidsOf(folder.path());
        if (uids.isPresent()) {
            return new SubsetSource(folder, new ImapFolderSource(pool, v.allMail(), spooler), uids.get());
        }
        return new ImapFolderSource(pool, folder, spooler);
    }

    @Override
    public FolderSink openSink(FolderInfo source, FolderPath target) {
        List<String> notes = new ArrayList<>();
        String mailbox = targetFolders.ensure(target, notes);
        if (source.attributes().contains(org.mailferry.archive.GmailViews.LABEL_ATTRIBUTE)) {
            notes.add("Gmail label " + source.rawName() + " restored as the folder " + target.display() + " ("
                    + (policy.labels() == org.mailferry.store.LabelMode.PRIMARY
                            ? "--labels primary: only messages whose first label it is" : "--labels folders") + ")");
        }
        return new ImapFolderSink(pool, mailbox, source.path(), ledger, sizeLimit, notes, policy.appendCheck());
    }

    /** The name {@code target} would get on this server and whether it exists (for dry runs). */
    public String plannedName(FolderPath target, List<String> notes) {
        return targetFolders.name(target, notes);
    }

    public boolean folderExists(String name) {
        return targetFolders.exists(name);
    }

    @Override
    public void close() {
        pool.close();
    }
}
