package org.mailferry.run;

import org.mailferry.auth.Credentials;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.HostConnectionLimit;
import org.mailferry.imap.ImapEndpoint;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.ImapStore;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.archive.ArchiveIdentity;
import org.mailferry.archive.Compression;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.mbox.MboxStore;
import org.mailferry.store.ContentSpooler;
import org.mailferry.store.Store;
import org.mailferry.store.StoreUri;
import org.mailferry.store.TargetLedger;

/** Opens the store a URI names. The only place that knows every store type. */
public final class StoreFactory {

    private final TlsSettings tls;
    private final ImapTuning tuning;
    private final ContentSpooler spooler;
    private final HostConnectionLimit hostLimit;
    private final Compression archiveCompression;
    private final ImapPolicy imapPolicy;
    private final org.mailferry.store.LabelPlan labels;
    private final boolean dedupe;

    public StoreFactory(TlsSettings tls, ImapTuning tuning, ContentSpooler spooler, HostConnectionLimit hostLimit) {
        this(tls, tuning, spooler, hostLimit, Compression.NONE, ImapPolicy.DEFAULT, false);
    }

    private StoreFactory(TlsSettings tls, ImapTuning tuning, ContentSpooler spooler, HostConnectionLimit hostLimit,
                         Compression archiveCompression, ImapPolicy imapPolicy, boolean dedupe) {
        this.tls = tls;
        this.tuning = tuning;
        this.spooler = spooler;
        this.hostLimit = hostLimit;
        this.archiveCompression = archiveCompression;
        this.imapPolicy = imapPolicy;
        this.labels = new org.mailferry.store.LabelPlan(imapPolicy.labels());
        this.dedupe = dedupe;
    }

    /** New mbox folders opened for writing get this compression (default none). */
    public StoreFactory compressingArchives(Compression compression) {
        return new StoreFactory(tls, tuning, spooler, hostLimit, compression, imapPolicy, dedupe);
    }

    /** Maildir archives opened for writing store a message they hold already as a hard link to it ({@code --dedupe}). */
    public StoreFactory deduplicatingArchives(boolean on) {
        return new StoreFactory(tls, tuning, spooler, hostLimit, archiveCompression, imapPolicy, on);
    }

    /** IMAP stores list namespaces and read back appends as {@code policy} says (default {@link ImapPolicy#DEFAULT}). */
    public StoreFactory withImapPolicy(ImapPolicy policy) {
        return new StoreFactory(tls, tuning, spooler, hostLimit, archiveCompression, policy, dedupe);
    }

    /**
     * @param credentials for IMAP stores, else ignored
     * @param forWriting  archives opened for writing take their lock for the store's lifetime
     * @param ledger      sync state of an IMAP target (restore, migrate); archives keep their own
     * @param sizeLimit   largest message an IMAP target is sent (0: the server's APPENDLIMIT only)
     */
    public Store open(StoreUri uri, Credentials credentials, boolean forWriting, TargetLedger ledger, long sizeLimit) {
        ArchiveIdentity.requireFormat(uri);
        return switch (uri.kind()) {
            case IMAP -> {
                if (credentials == null) {
                    throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "no credentials for " + uri);
                }
                ImapPolicy policy = forWriting ? imapPolicy.asTarget() : imapPolicy;
                ImapStore store = new ImapStore(new ImapEndpoint(uri, credentials, tls, tuning), spooler, ledger,
                        sizeLimit, hostLimit, policy);
                if (forWriting) {
                    labels.targetMailbox(store::isGmail);
                } else {
                    store.withLabels(labels);
                }
                yield store;
            }
            case MAILDIR -> MaildirStore.open(uri.path(), forWriting).withLabels(labels).deduplicating(dedupe && forWriting);
            case MBOX -> MboxStore.open(uri.path(), forWriting, archiveCompression).withLabels(labels);
        };
    }
}
