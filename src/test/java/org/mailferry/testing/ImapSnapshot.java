package org.mailferry.testing;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.protocol.BODY;

/**
 * Everything an IMAP account holds, message by message, read with Angus Mail directly (no
 * mailferry class), without changing anything: folders are opened read-only (EXAMINE) and bodies
 * are fetched with {@code BODY.PEEK[]} in 1 MiB partial fetches, so {@code \Seen} is never set.
 *
 * <p>Per message: folder (decoded name, '/'-joined whatever the server's separator), UID, SHA-256
 * of the exact bytes the server returns for {@code BODY[]}, RFC822.SIZE, system flags (without
 * {@code \Recent}), keywords, INTERNALDATE. A snapshot fails if the bytes received do not add up
 * to RFC822.SIZE (a server that answers NIL would otherwise look like an empty message).
 *
 * <p>A message's bytes never change under its UID (RFC 3501: a UID is not reused within one
 * UIDVALIDITY), so a body hashed once in this JVM is not downloaded again: the hash is kept per
 * server, account, folder, UIDVALIDITY, UID, size and INTERNALDATE. Flags are always read afresh.
 *
 * <pre>{@code
 * ImapSnapshot source = ImapSnapshot.take(server, "user03");
 * ... restore / migrate ...
 * assertThat(ImapSnapshot.diff(source, ImapSnapshot.take(server, "user04"))).isEmpty();
 * }</pre>
 */
public final class ImapSnapshot {

    /** One message. Flags are IMAP names ({@code \Seen}, ...); sets are sorted and immutable. */
    public record SnapshotMessage(String folder, long uid, String sha256, long size, Set<String> flags,
                                  Set<String> keywords, Instant internalDate) {
        public SnapshotMessage {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(sha256, "sha256");
            flags = sortedCopy(flags);
            keywords = sortedCopy(keywords);
        }

        /** Short human-readable description for difference reports. */
        public String describe() {
            return "sha256=" + sha256.substring(0, Math.min(12, sha256.length())) + "… size=" + size
                    + " flags=" + flags + " keywords=" + keywords + " date=" + internalDate;
        }
    }

    /** How to reach the account. */
    public enum Security { IMPLICIT_TLS, STARTTLS, NONE }

    /**
     * @param trustedCert PEM whose certificates are the only trust anchors; null trusts any
     *                    certificate (only for in-JVM test servers like GreenMail)
     */
    public record Target(String host, int port, Security security, String user, String password, Path trustedCert) {
    }

    /** Knobs for {@link #diff(ImapSnapshot, ImapSnapshot, DiffOptions)}. Use {@link #DEFAULT} and the with-methods. */
    public record DiffOptions(UnaryOperator<String> folderMapping, boolean compareInternalDate,
                              Set<String> ignoredFlags, Set<String> ignoredKeywords, Set<String> ignoredFolders,
                              boolean requireEmptyFolders) {
        /** Same folder names, dates compared, nothing ignored, empty folders must exist too. */
        public static final DiffOptions DEFAULT =
                new DiffOptions(UnaryOperator.identity(), true, Set.of(), Set.of(), Set.of(), true);

        /** Maps an expected folder name to the name it must have in the actual snapshot. */
        public DiffOptions withFolderMapping(UnaryOperator<String> mapping) {
            return new DiffOptions(mapping, compareInternalDate, ignoredFlags, ignoredKeywords, ignoredFolders,
                    requireEmptyFolders);
        }

        public DiffOptions withoutInternalDate() {
            return new DiffOptions(folderMapping, false, ignoredFlags, ignoredKeywords, ignoredFolders,
                    requireEmptyFolders);
        }

        public DiffOptions ignoringFlags(String... flags) {
            return new DiffOptions(folderMapping, compareInternalDate, Set.of(flags), ignoredKeywords, ignoredFolders,
                    requireEmptyFolders);
        }

        public DiffOptions ignoringKeywords(String... keywords) {
            return new DiffOptions(folderMapping, compareInternalDate, ignoredFlags, Set.of(keywords), ignoredFolders,
                    requireEmptyFolders);
        }

        /** Folders (expected names) left out on both sides. */
        public DiffOptions ignoringFolders(String... folders) {
            return new DiffOptions(folderMapping, compareInternalDate, ignoredFlags, ignoredKeywords, Set.of(folders),
                    requireEmptyFolders);
        }

        /** Do not report expected folders without messages that are missing in the actual snapshot. */
        public DiffOptions allowingMissingEmptyFolders() {
            return new DiffOptions(folderMapping, compareInternalDate, ignoredFlags, ignoredKeywords, ignoredFolders,
                    false);
        }
    }

    private static final int CHUNK = 1024 * 1024;
    /**
     * SHA-256 of bodies already hashed in this JVM, by account, folder, UIDVALIDITY, UID, size and
     * INTERNALDATE. A UID's bytes never change while the server keeps its UIDVALIDITY history, but
     * a wiped account (reset, served again) may be given an old UIDVALIDITY back: whoever wipes one
     * calls {@link #forgetBodies}.
     */
    private static final Map<String, String> BODY_HASHES = new ConcurrentHashMap<>();

    private final SortedSet<String> folders;
    private final List<SnapshotMessage> messages;

    private ImapSnapshot(Collection<String> folders, List<SnapshotMessage> messages) {
        this.folders = Collections.unmodifiableSortedSet(new TreeSet<>(folders));
        this.messages = List.copyOf(messages);
    }

    /**
     * Forgets the hashed bodies of every account whose user name starts with {@code userPrefix}
     * (on any server and port): their UIDs may now name other messages.
     */
    public static void forgetBodies(String userPrefix) {
        BODY_HASHES.keySet().removeIf(key -> key.substring(key.indexOf('/') + 1).startsWith(userPrefix));
    }

    /** A snapshot built from records (e.g. read from a Maildir or an archive index by a test). */
    public static ImapSnapshot of(Collection<String> folders, List<SnapshotMessage> messages) {
        TreeSet<String> all = new TreeSet<>(folders);
        messages.forEach(m -> all.add(m.folder()));
        return new ImapSnapshot(all, messages);
    }

    /** Snapshot of a test-server account over IMAPS, trusting only the server's certificate. */
    public static ImapSnapshot take(TestImapServer server, String user) {
        return take(new Target(server.host(), server.imapsPort(), Security.IMPLICIT_TLS, user, server.password(user),
                server.cert()));
    }

    public static ImapSnapshot take(String host, int port, String user, String password, Path trustedCert) {
        return take(new Target(host, port, Security.IMPLICIT_TLS, user, password, trustedCert));
    }

    public static ImapSnapshot take(Target target) {
        Store store = null;
        try {
            store = connect(target);
            List<String> folderNames = new ArrayList<>();
            List<SnapshotMessage> all = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                IMAPFolder folder = (IMAPFolder) f;
                if (!isSelectable(folder)) {
                    continue;
                }
                String name = decodedName(folder);
                folderNames.add(name);
                all.addAll(readFolder(folder, name, target.host() + ":" + target.port() + "/" + target.user()));
            }
            return new ImapSnapshot(folderNames, all);
        } catch (MessagingException e) {
            throw new IllegalStateException("snapshot of " + target.user() + "@" + target.host() + ":" + target.port()
                    + " failed: " + e, e);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Messages in all selectable folders of the account (STATUS MESSAGES), cheap enough to poll. */
    public static long countMessages(TestImapServer server, String user) {
        Store store = null;
        try {
            store = connect(new Target(server.host(), server.imapsPort(), Security.IMPLICIT_TLS, user,
                    server.password(user), server.cert()));
            long total = 0;
            for (Folder f : store.getDefaultFolder().list("*")) {
                if (isSelectable((IMAPFolder) f)) {
                    total += f.getMessageCount();
                }
            }
            return total;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot count messages of " + user + ": " + e, e);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Opens an authenticated Angus store (callers close it). Public for tests of the infrastructure. */
    public static Store connect(Target target) throws MessagingException {
        String protocol = target.security() == Security.IMPLICIT_TLS ? "imaps" : "imap";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.store.protocol", protocol);
        props.put(p + "host", target.host());
        props.put(p + "port", String.valueOf(target.port()));
        props.put(p + "connectiontimeout", "20000");
        props.put(p + "timeout", "120000");
        props.put(p + "writetimeout", "120000");
        props.put(p + "peek", "true");
        // Without this, when our socket factory fails (e.g. wrong host name) Angus silently retries
        // with the JDK default factory and reports that attempt's error instead.
        props.put(p + "socketFactory.fallback", "false");
        if (target.security() != Security.NONE) {
            if (target.trustedCert() != null) {
                props.put(p + "ssl.socketFactory", TestImapServer.sslContextTrusting(target.trustedCert()).getSocketFactory());
                props.put(p + "ssl.checkserveridentity", "true");
            } else {
                props.put(p + "ssl.trust", "*");
                props.put(p + "ssl.checkserveridentity", "false");
            }
        }
        if (target.security() == Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        Session session = Session.getInstance(props);
        Store store = session.getStore(protocol);
        store.connect(target.host(), target.port(), target.user(), target.password());
        return store;
    }

    private static boolean isSelectable(IMAPFolder folder) throws MessagingException {
        if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
            return false;
        }
        String[] attrs = folder.getAttributes();
        if (attrs != null) {
            for (String a : attrs) {
                if (a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String decodedName(IMAPFolder folder) throws MessagingException {
        char sep = folder.getSeparator();
        String full = folder.getFullName();
        if (sep == '/' || sep == '\0') {
            return full;
        }
        return String.join("/", full.split(Pattern.quote(String.valueOf(sep)), -1));
    }

    private static List<SnapshotMessage> readFolder(IMAPFolder folder, String name, String account)
            throws MessagingException {
        folder.open(Folder.READ_ONLY);   // EXAMINE: the server cannot set \Seen
        try {
            long uidValidity = folder.getUIDValidity();
            Message[] msgs = folder.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(UIDFolder.FetchProfileItem.UID);
            fp.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
            fp.add(FetchProfile.Item.SIZE);
            folder.fetch(msgs, fp);
            List<SnapshotMessage> out = new ArrayList<>(msgs.length);
            for (Message m : msgs) {
                IMAPMessage im = (IMAPMessage) m;
                im.setPeek(true);
                long uid = folder.getUID(m);
                long size = im.getSize();
                Instant date = m.getReceivedDate() == null ? null : m.getReceivedDate().toInstant();
                String key = String.join("\u0000", account, name, Long.toString(uidValidity), Long.toString(uid),
                        Long.toString(size), String.valueOf(date));
                String sha = BODY_HASHES.get(key);
                if (sha == null) {
                    sha = sha256OfBody(folder, im.getMessageNumber(), size, name, uid);
                    BODY_HASHES.put(key, sha);
                }
                Flags flags = m.getFlags();
                Set<String> system = new TreeSet<>();
                for (Flags.Flag f : flags.getSystemFlags()) {
                    String n = systemFlagName(f);
                    if (n != null) {
                        system.add(n);
                    }
                }
                Set<String> keywords = new TreeSet<>(List.of(flags.getUserFlags()));
                out.add(new SnapshotMessage(name, uid, sha, size, system, keywords, date));
            }
            return out;
        } finally {
            folder.close(false);
        }
    }

    /** SHA-256 of BODY.PEEK[] fetched in partial chunks (never the whole message in memory). */
    private static String sha256OfBody(IMAPFolder folder, int msgno, long size, String name, long uid)
            throws MessagingException {
        MessageDigest md = sha256();
        long offset = 0;
        while (offset < size) {
            int start = Math.toIntExact(offset);
            BODY body = (BODY) folder.doCommand(p -> p.peekBody(msgno, "", start, CHUNK));
            ByteArray ba = body == null ? null : body.getByteArray();
            if (ba == null || ba.getCount() == 0) {
                throw new MessagingException("server returned no bytes for " + name + " UID " + uid + " at offset "
                        + offset + " of RFC822.SIZE " + size);
            }
            md.update(ba.getBytes(), ba.getStart(), ba.getCount());
            offset += ba.getCount();
        }
        if (offset != size) {
            throw new MessagingException(name + " UID " + uid + ": read " + offset + " bytes but RFC822.SIZE is " + size);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String systemFlagName(Flags.Flag f) {
        if (f == Flags.Flag.SEEN) {
            return "\\Seen";
        } else if (f == Flags.Flag.ANSWERED) {
            return "\\Answered";
        } else if (f == Flags.Flag.FLAGGED) {
            return "\\Flagged";
        } else if (f == Flags.Flag.DELETED) {
            return "\\Deleted";
        } else if (f == Flags.Flag.DRAFT) {
            return "\\Draft";
        }
        return null; // \Recent is session state, \* is not a flag
    }

    // ------------------------------------------------------------------------------------------
    // Accessors
    // ------------------------------------------------------------------------------------------

    /** All selectable folders, decoded and '/'-joined, including empty ones. */
    public SortedSet<String> folders() {
        return folders;
    }

    public List<SnapshotMessage> messages() {
        return messages;
    }

    public int size() {
        return messages.size();
    }

    public List<SnapshotMessage> inFolder(String folder) {
        return messages.stream().filter(m -> m.folder().equals(folder)).toList();
    }

    /** Messages per folder, folders sorted. */
    public Map<String, List<SnapshotMessage>> byFolder() {
        Map<String, List<SnapshotMessage>> map = new TreeMap<>();
        folders.forEach(f -> map.put(f, new ArrayList<>()));
        messages.forEach(m -> map.computeIfAbsent(m.folder(), k -> new ArrayList<>()).add(m));
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }

    public Map<String, Long> countsPerFolder() {
        Map<String, Long> map = new TreeMap<>();
        folders.forEach(f -> map.put(f, 0L));
        messages.forEach(m -> map.merge(m.folder(), 1L, Long::sum));
        return map;
    }

    /** Differences from this (expected) to {@code actual}; empty when equal. */
    public List<String> diff(ImapSnapshot actual) {
        return diff(this, actual, DiffOptions.DEFAULT);
    }

    public static List<String> diff(ImapSnapshot expected, ImapSnapshot actual) {
        return diff(expected, actual, DiffOptions.DEFAULT);
    }

    /**
     * Compares two snapshots folder by folder as multisets of (bytes, size, flags, keywords,
     * INTERNALDATE), ignoring UIDs (restore and migrate assign new ones). Reports, in words,
     * missing and extra messages, flag/keyword/date differences of messages with the same bytes,
     * and missing folders. Extra empty folders in {@code actual} are not differences (servers
     * create INBOX and special-use folders by themselves).
     */
    public static List<String> diff(ImapSnapshot expected, ImapSnapshot actual, DiffOptions options) {
        List<String> out = new ArrayList<>();
        Map<String, List<SnapshotMessage>> exp = new TreeMap<>();
        for (String f : expected.folders) {
            if (!options.ignoredFolders().contains(f)) {
                exp.put(options.folderMapping().apply(f), new ArrayList<>());
            }
        }
        for (SnapshotMessage m : expected.messages) {
            if (!options.ignoredFolders().contains(m.folder())) {
                exp.computeIfAbsent(options.folderMapping().apply(m.folder()), k -> new ArrayList<>()).add(m);
            }
        }
        Set<String> ignoredActual = options.ignoredFolders().stream().map(options.folderMapping())
                .collect(Collectors.toSet());
        Map<String, List<SnapshotMessage>> act = new TreeMap<>();
        for (String f : actual.folders) {
            if (!ignoredActual.contains(f)) {
                act.put(f, new ArrayList<>());
            }
        }
        for (SnapshotMessage m : actual.messages) {
            if (!ignoredActual.contains(m.folder())) {
                act.computeIfAbsent(m.folder(), k -> new ArrayList<>()).add(m);
            }
        }

        TreeSet<String> allFolders = new TreeSet<>(exp.keySet());
        allFolders.addAll(act.keySet());
        for (String folder : allFolders) {
            List<SnapshotMessage> e = exp.getOrDefault(folder, List.of());
            List<SnapshotMessage> a = act.get(folder);
            if (a == null) {
                if (!e.isEmpty() || options.requireEmptyFolders()) {
                    out.add(folder + ": folder missing (expected " + e.size() + " messages)");
                }
                continue;
            }
            compareFolder(folder, e, a, options, out);
        }
        return out;
    }

    private static void compareFolder(String folder, List<SnapshotMessage> expected, List<SnapshotMessage> actual,
                                      DiffOptions o, List<String> out) {
        // 1. Remove exact matches (as a multiset).
        Map<String, List<SnapshotMessage>> remainingActual = new LinkedHashMap<>();
        for (SnapshotMessage m : sortedByUid(actual)) {
            remainingActual.computeIfAbsent(key(m, o), k -> new ArrayList<>()).add(m);
        }
        List<SnapshotMessage> unmatchedExpected = new ArrayList<>();
        for (SnapshotMessage m : sortedByUid(expected)) {
            List<SnapshotMessage> candidates = remainingActual.get(key(m, o));
            if (candidates != null && !candidates.isEmpty()) {
                candidates.remove(0);
            } else {
                unmatchedExpected.add(m);
            }
        }
        List<SnapshotMessage> unmatchedActual = new ArrayList<>();
        remainingActual.values().forEach(unmatchedActual::addAll);
        unmatchedActual.sort(Comparator.comparingLong(SnapshotMessage::uid));

        // 2. Same bytes but different metadata: report what differs.
        for (Iterator<SnapshotMessage> it = unmatchedExpected.iterator(); it.hasNext(); ) {
            SnapshotMessage e = it.next();
            SnapshotMessage a = null;
            for (SnapshotMessage c : unmatchedActual) {
                if (c.sha256().equals(e.sha256())) {
                    a = c;
                    break;
                }
            }
            if (a == null) {
                continue;
            }
            unmatchedActual.remove(a);
            it.remove();
            List<String> what = new ArrayList<>();
            if (e.size() != a.size()) {
                what.add("size " + e.size() + " -> " + a.size());
            }
            Set<String> ef = without(e.flags(), o.ignoredFlags());
            Set<String> af = without(a.flags(), o.ignoredFlags());
            if (!ef.equals(af)) {
                what.add("flags " + ef + " -> " + af);
            }
            Set<String> ek = without(e.keywords(), o.ignoredKeywords());
            Set<String> ak = without(a.keywords(), o.ignoredKeywords());
            if (!ek.equals(ak)) {
                what.add("keywords " + ek + " -> " + ak);
            }
            if (o.compareInternalDate() && !Objects.equals(e.internalDate(), a.internalDate())) {
                what.add("internal date " + e.internalDate() + " -> " + a.internalDate());
            }
            out.add(folder + ": message differs (expected uid " + e.uid() + ", actual uid " + a.uid() + ", sha256="
                    + e.sha256().substring(0, Math.min(12, e.sha256().length())) + "…): " + String.join("; ", what));
        }
        // 3. The rest is missing or extra.
        for (SnapshotMessage e : unmatchedExpected) {
            out.add(folder + ": missing message (expected uid " + e.uid() + ") " + e.describe());
        }
        for (SnapshotMessage a : unmatchedActual) {
            out.add(folder + ": extra message (actual uid " + a.uid() + ") " + a.describe());
        }
    }

    private static String key(SnapshotMessage m, DiffOptions o) {
        return m.sha256() + '|' + m.size() + '|' + without(m.flags(), o.ignoredFlags()) + '|'
                + without(m.keywords(), o.ignoredKeywords()) + '|' + (o.compareInternalDate() ? m.internalDate() : "");
    }

    private static List<SnapshotMessage> sortedByUid(List<SnapshotMessage> list) {
        List<SnapshotMessage> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingLong(SnapshotMessage::uid));
        return copy;
    }

    private static Set<String> without(Set<String> set, Set<String> ignored) {
        if (ignored.isEmpty()) {
            return set;
        }
        TreeSet<String> copy = new TreeSet<>(set);
        copy.removeAll(ignored);
        return copy;
    }

    private static Set<String> sortedCopy(Set<String> set) {
        return set == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ImapSnapshot" + countsPerFolder();
    }
}
