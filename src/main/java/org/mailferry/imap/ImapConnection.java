package org.mailferry.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import jakarta.mail.Folder;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.ResyncData;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.Namespaces;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderStatus;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SpecialUse;
import org.mailferry.store.StoreUri;

/**
 * One logged-in IMAP connection (an Angus {@link IMAPStore}), with TLS verified as configured,
 * every timeout set, and bodies read with PEEK. Opening a folder reuses the same connection.
 * Not thread-safe: one per partition.
 */
public final class ImapConnection implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImapConnection.class);


    private final ImapEndpoint endpoint;
    private final IMAPStore store;
    private final ResponseGuard guard;

    private Runnable onClose;
    private ImapNamespaces namespaces;
    private volatile long idleSince = Long.MAX_VALUE; // System.nanoTime() when given back to the pool

    private ImapConnection(ImapEndpoint endpoint, IMAPStore store, ResponseGuard guard, Runnable onClose) {
        this.endpoint = endpoint;
        this.store = store;
        this.guard = guard;
        this.onClose = onClose;
    }

    /** Connects and logs in; failures come back translated by {@link ImapErrors#onConnect}. */
    public static ImapConnection open(ImapEndpoint endpoint) {
        return open(endpoint, TlsSocketFactories.create(endpoint.tls()), () -> { });
    }

    /**
     * As {@link #open(ImapEndpoint)} with a socket factory made once for the endpoint's
     * {@link TlsSettings} (building one loads the system's trusted certificates: costly per
     * connection); {@code onClose} runs once when the connection is closed.
     */
    static ImapConnection open(ImapEndpoint endpoint, SSLSocketFactory tls, Runnable onClose) {
        String protocol = endpoint.implicitTls() ? "imaps" : "imap";
        LaterLogins laterLogins = new LaterLogins(endpoint);
        ResponseGuard guard = ResponseGuard.of(endpoint.tuning());
        StartTlsWatch watch = endpoint.uri().security() == StoreUri.Security.STARTTLS ? new StartTlsWatch(tls) : null;
        Session session = Session.getInstance(properties(endpoint, protocol, guard.tls(watch != null ? watch : tls), guard),
                laterLogins);
        try {
            IMAPStore store = GmailItems.newStore(session, protocol);
            store.connect(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.credentials().secretForLogin());
            laterLogins.enable();
            return new ImapConnection(endpoint, store, guard, onClose);
        } catch (MessagingException e) {
            MailferryException failure = ImapErrors.onConnect(e, endpoint);
            if (watch != null && !watch.secured()
                    && (failure.exitCode() == ExitCode.AUTH || failure.exitCode() == ExitCode.SERVER)) {
                throw ImapErrors.startTlsRefused(e, endpoint); // NO, BAD, or whatever came instead of TLS
            }
            if (watch != null && watch.layered() && !watch.secured() && failure.exitCode() == ExitCode.CONNECT) {
                throw ImapErrors.startTlsNotSpoken(e, endpoint);
            }
            throw failure;
        }
    }

    /**
     * The secret for connections Angus opens itself later, asked afresh each time so an OAuth
     * token is never stale. Silent during the first login: after a refused login Angus asks its
     * authenticator and tries once more, and two refused logins per attempt bring an account
     * nearer to a lockout (Microsoft 365 smart lockout counts each).
     */
    private static final class LaterLogins extends Authenticator {

        private final ImapEndpoint endpoint;
        private volatile boolean enabled;

        LaterLogins(ImapEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        void enable() {
            enabled = true;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return enabled ? new PasswordAuthentication(endpoint.user(), endpoint.credentials().secretForLogin()) : null;
        }
    }

    static Properties properties(ImapEndpoint ep, String protocol, SSLSocketFactory tls, ResponseGuard guard) {
        String p = "mail." + protocol + ".";
        ImapTuning t = ep.tuning();
        Properties props = new Properties();
        props.put(p + "connectiontimeout", String.valueOf(t.connectTimeout().toMillis()));
        props.put(p + "timeout", String.valueOf(t.readTimeout().toMillis()));
        WriteTimeouts.configure(props, protocol, t.readTimeout().toMillis());
        props.put(p + "peek", "true");
        props.put(p + "partialfetch", "true");
        props.put(p + "fetchsize", String.valueOf(t.partialFetchSize()));
        // one connection per store: a folder opened on it reuses the logged-in connection
        props.put(p + "connectionpoolsize", "1");
        props.put(p + "ssl.checkserveridentity", String.valueOf(!ep.tls().insecure()));
        props.put(p + "ssl.socketFactory", tls);
        props.put(p + "socketFactory", guard.plain()); // plain connections; imaps uses the TLS factory above
        props.put(p + "socketFactory.fallback", "false"); // else Angus retries without our trust and misreports
        if (ep.uri().security() == StoreUri.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        String mechanisms = ep.credentials().mechanisms();
        if (mechanisms != null) {
            props.put(p + "auth.mechanisms", mechanisms);
            props.put(p + "forcepasswordrefresh", "true");
        }
        return props;
    }

    public ImapEndpoint endpoint() {
        return endpoint;
    }

    public IMAPStore store() {
        return store;
    }

    /** Given back to its pool: the idle time starts now. */
    void markIdle() {
        idleSince = System.nanoTime();
    }

    /** Whether the connection has been idle in its pool for longer than {@code d}. */
    boolean idleLongerThan(java.time.Duration d) {
        long since = idleSince;
        return since != Long.MAX_VALUE && System.nanoTime() - since > d.toNanos();
    }

    /** The check on what the server sends on this connection. */
    ResponseGuard guard() {
        return guard;
    }

    public boolean hasCapability(String capability) {
        try {
            return store.hasCapability(capability);
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, endpoint, "CAPABILITY");
        }
    }

    /** Every selectable folder of the personal namespace, sorted by path. */
    public List<FolderInfo> listFolders() {
        return listFolders(false);
    }

    /**
     * Every selectable folder, sorted by path (relative to the personal namespace: {@link ImapNamespaces});
     * folders of other users' and shared namespaces only when {@code includeShared}.
     */
    public List<FolderInfo> listFolders(boolean includeShared) {
        ImapNamespaces ns = namespaces();
        return listAllFolders(ns).stream()
                .filter(f -> !hasAttr(f.attributes(), "\\Noselect") && !hasAttr(f.attributes(), "\\NonExistent"))
                .filter(f -> includeShared || ns.kindOf(decodedName(f)) == ImapNamespaces.Kind.PERSONAL)
                .toList();
    }

    private static String decodedName(FolderInfo f) {
        return org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder.decode(f.rawName());
    }

    /**
     * The account's namespaces (RFC 2342), asked once per connection; without NAMESPACE (or when
     * the command fails), one personal namespace without prefix.
     */
    public ImapNamespaces namespaces() {
        if (namespaces == null) {
            char sep = delimiter();
            Character d = sep == '\0' ? null : sep;
            if (hasCapability("NAMESPACE")) {
                try {
                    Namespaces ns = (Namespaces) ((IMAPFolder) store.getDefaultFolder()).doCommand(p -> p.namespace());
                    namespaces = ImapNamespaces.of(ns, d);
                } catch (MessagingException e) {
                    // a server that announces NAMESPACE but fails it: names are then taken as they are listed
                    namespaces = ImapNamespaces.unprefixed(d);
                }
            } else {
                namespaces = ImapNamespaces.unprefixed(d);
            }
        }
        return namespaces;
    }

    /** Every folder LIST shows, selectable or not ({@code \\Noselect} parents included), sorted by path. */
    private List<FolderInfo> listAllFolders(ImapNamespaces ns) {
        try {
            Folder[] all = store.getDefaultFolder().list("*");
            Map<FolderPath, Integer> uses = new HashMap<>();
            for (Folder f : all) {
                uses.merge(ns.path(f.getFullName(), delimiter(f)), 1, Integer::sum);
            }
            List<FolderInfo> out = new ArrayList<>();
            Set<FolderPath> taken = new java.util.HashSet<>();
            for (Folder f : all) {
                IMAPFolder folder = (IMAPFolder) f;
                Set<String> attrs = Set.copyOf(Arrays.asList(folder.getAttributes()));
                Character delimiter = delimiter(f);
                String name = folder.getFullName();
                FolderPath path = ns.path(name, delimiter);
                if (uses.get(path) > 1) { // INBOX.Foo beside a Foo outside the namespace: both kept, by their whole names
                    path = FolderPath.parse(name, delimiter);
                }
                if (!taken.add(path) && taken.add(new FolderPath(List.of(name)))) {
                    // still one path for two names (Inbox/x beside INBOX/x: INBOX is matched in any case):
                    // the later one is kept as one segment holding its whole name, never merged or dropped
                    LOG.warn("folder {} is one path with another listed folder once decoded: kept under its whole name",
                            org.mailferry.util.SafeText.escape(name));
                    path = new FolderPath(List.of(name));
                }
                out.add(new FolderInfo(path, BASE64MailboxEncoder.encode(name), delimiter,
                        SpecialUse.fromAttributes(attrs), attrs));
            }
            out.sort((a, b) -> a.path().compareTo(b.path()));
            return out;
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, endpoint, "LIST");
        }
    }

    private static Character delimiter(Folder f) throws MessagingException {
        char sep = f.getSeparator();
        return sep == '\0' ? null : sep;
    }

    /** The hierarchy delimiter of the personal namespace ('\\0' when flat). */
    public char delimiter() {
        try {
            return store.getDefaultFolder().getSeparator();
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, endpoint, "LIST");
        }
    }

    /** CREATE; a refusal comes back as a folder-scope failure carrying the server's words. */
    public void create(String decodedName) {
        try {
            ((IMAPFolder) store.getDefaultFolder()).doCommand(p -> {
                p.create(decodedName);
                return null;
            });
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, endpoint, "CREATE " + decodedName);
        }
    }

    /** STATUS of a folder (HIGHESTMODSEQ only with CONDSTORE), without selecting it. */
    public FolderStatus status(String decodedName) {
        boolean condstore = hasCapability("CONDSTORE");
        String[] items = condstore ? new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES", "HIGHESTMODSEQ"}
                : new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES"};
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(decodedName);
            Status s = (Status) folder.doCommand(p -> p.status(decodedName, items));
            return new FolderStatus(s.uidvalidity, s.uidnext, condstore ? Math.max(0, s.highestmodseq) : 0,
                    s.total);
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, endpoint, "STATUS " + decodedName);
        }
    }

    /** Opens a folder read-only (EXAMINE), with CONDSTORE when the server has it. */
    public IMAPFolder examine(String decodedName) {
        return open(decodedName, Folder.READ_ONLY, "EXAMINE ");
    }

    /** Opens a folder read-write (SELECT), with CONDSTORE when the server has it. */
    public IMAPFolder select(String decodedName) {
        return open(decodedName, Folder.READ_WRITE, "SELECT ");
    }

    private IMAPFolder open(String decodedName, int mode, String command) {
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(decodedName);
            if (store.hasCapability("CONDSTORE")) {
                folder.open(mode, ResyncData.CONDSTORE);
            } else {
                folder.open(mode);
            }
            return folder;
        } catch (MessagingException e) {
            throw ImapErrors.onOperation(e, endpoint, command + decodedName);
        }
    }

    private static boolean hasAttr(Set<String> attrs, String a) {
        return attrs.stream().anyMatch(x -> x.equalsIgnoreCase(a));
    }

    public boolean isConnected() {
        return store.isConnected();
    }

    /** Logs out; never throws (the link may already be gone). */
    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // already disconnected
        }
        Runnable r;
        synchronized (this) {
            r = onClose;
            onClose = null;
        }
        if (r != null) {
            r.run();
        }
    }
}
