package org.mailferry.imap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import org.mailferry.archive.HeldMessage;
import org.mailferry.store.FlagChange;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.MessageRange;
import org.mailferry.store.ReadAnomalies;
import org.mailferry.store.SearchKeys;
import org.mailferry.store.SystemFlag;

/**
 * The UID commands a backup needs, sent raw on an open folder's connection so that many
 * messages travel in one command (Angus's message objects fetch one at a time or hold
 * everything). Every body fetch uses {@code BODY.PEEK[]}: reading never sets {@code \Seen}.
 * Untagged responses are handed to Angus so the folder's state stays right. Answers are matched
 * to what was asked: a FETCH response for a UID not requested (or UID 0) and a second one for a
 * UID are dropped and counted in {@link ReadAnomalies}, never returned. Each body fetch tells the
 * connection's {@link ResponseGuard} how much it may bring; past that the connection is dropped
 * and {@link ResponseRefused} thrown. Stateless apart from the counts; callers serialise use of
 * one folder.
 */
final class UidFetcher {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UidFetcher.class);

    private final IMAPFolder folder;
    private final ResponseGuard guard;
    private final ReadAnomalies anomalies;
    private boolean gmail;

    UidFetcher(IMAPFolder folder, ResponseGuard guard, ReadAnomalies anomalies) {
        this.folder = folder;
        this.guard = guard;
        this.anomalies = anomalies;
    }

    /** Metadata and flag fetches also ask for Gmail's fields (the server offers X-GM-EXT-1). */
    void gmail(boolean on) {
        gmail = on;
    }

    boolean gmail() {
        return gmail;
    }

    /**
     * UIDs strictly above {@code afterUid}, ascending ({@code UID n:*} can return a lower one:
     * filtered). SEARCH is checked against FETCH, which names every message it answers for: on a
     * first pass when the folder counts more messages than SEARCH named, on a later one always (it
     * names only the new messages, so it costs little), so a SEARCH that leaves a message out
     * never makes a run pass over it for good.
     */
    long[] uidsAfter(long afterUid) throws MessagingException {
        long[] found = uidsBetween(afterUid, Long.MAX_VALUE, MessageRange.ALL);
        if (afterUid > 0 || found.length < folder.getMessageCount()) {
            return withFetchedUids(found, afterUid);
        }
        return found;
    }

    /**
     * {@code found} joined with the UIDs above {@code afterUid} that {@code UID FETCH n:* (UID)}
     * names: a SEARCH that leaves messages out would otherwise pass them over for good (the
     * archive's highest UID moves past them) or, in a mirror, take them for deleted. Expunged
     * meanwhile, they are simply not there.
     */
    private long[] withFetchedUids(long[] found, long afterUid) throws MessagingException {
        java.util.TreeSet<Long> all = new java.util.TreeSet<>();
        for (long u : found) {
            all.add(u);
        }
        int before = all.size();
        for (Response resp : run("UID FETCH " + (afterUid + 1) + ":* (UID)")) {
            if (resp instanceof FetchResponse fr && fr.getItem(UID.class) != null && fr.getItem(UID.class).uid > afterUid) {
                all.add(fr.getItem(UID.class).uid);
            }
        }
        if (all.size() > before) {
            LOG.warn("{}: UID SEARCH named {} messages, FETCH {} more; all are taken", folder.getFullName(), before,
                    all.size() - before);
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * UIDs above {@code afterUid} and up to {@code throughUid} of the messages that may match
     * {@code filter} (its dates and sizes with a margin, its search keys exactly), ascending.
     */
    long[] uidsBetween(long afterUid, long throughUid, MessageRange filter) throws MessagingException {
        Argument args = new Argument();
        java.util.Optional<SearchKeys> keys = filter.searchKeys();
        if (keys.isPresent() && keys.get().needsUtf8()) {
            args.writeAtom("CHARSET").writeAtom("UTF-8");
        }
        args.writeAtom("UID").writeAtom((afterUid + 1) + ":" + (throughUid == Long.MAX_VALUE ? "*" : throughUid));
        String rangeKeys = filter.imapSearchKeys();
        if (!rangeKeys.isEmpty()) {
            for (String atom : rangeKeys.split(" ")) {
                args.writeAtom(atom);
            }
        }
        keys.ifPresent(k -> write(k.tokens(), args));
        return searched(run("UID SEARCH", args, ResponseBudget.DEFAULT), afterUid, throughUid);
    }

    /** The UIDs above {@code afterUid} and up to {@code throughUid} that SEARCH answers name, ascending. */
    private static long[] searched(Response[] responses, long afterUid, long throughUid) {
        long[] uids = new long[64];
        int n = 0;
        for (Response resp : responses) {
            if (resp instanceof IMAPResponse ir && ir.keyEquals("SEARCH")) {
                long u;
                while ((u = ir.readLong()) != -1) {
                    if (u > afterUid && u <= throughUid) {
                        if (n == uids.length) {
                            uids = java.util.Arrays.copyOf(uids, n * 2);
                        }
                        uids[n++] = u;
                    }
                }
            }
        }
        long[] out = java.util.Arrays.copyOf(uids, n);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * Metadata of the given UIDs, ascending; messages expunged meanwhile are simply absent. A
     * message whose INTERNALDATE cannot be read (Angus then drops its whole response) or is out of
     * range ({@link #plausible}) is asked for again without it and dated by its Date: header, else
     * now ({@link MessageMeta#dateSubstituted}).
     */
    List<FetchedMeta> meta(long[] uids) throws MessagingException {
        Response[] r = run("UID FETCH " + set(uids) + " (UID RFC822.SIZE FLAGS INTERNALDATE"
                + (gmail ? " " + GmailItems.FETCH : "") + ")", ResponseBudget.BULK);
        java.util.Set<Long> wanted = asSet(uids);
        Map<Long, FetchedMeta> out = new java.util.TreeMap<>();
        for (Response resp : r) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                FLAGS flags = fr.getItem(FLAGS.class);
                INTERNALDATE date = fr.getItem(INTERNALDATE.class);
                Instant when = date == null ? null : plausible(Instant.ofEpochMilli(date.getDate().getTime()));
                if (uid == null || size == null || when == null) {
                    continue; // an unsolicited FLAGS update, or a date to replace (asked for again below)
                }
                if (accepted(uid.uid, wanted, out)) {
                    out.put(uid.uid, new FetchedMeta(new MessageMeta(uid.uid, size.size, when, toFlags(flags), false,
                            GmailItems.of(fr))));
                }
            }
        }
        wanted.removeAll(out.keySet());
        if (!wanted.isEmpty()) {
            out.putAll(metaWithoutDate(wanted));
            wanted.removeAll(out.keySet());
        }
        if (!wanted.isEmpty()) { // no answer at all: expunged meanwhile, or a server keeping it back
            long[] still = uidsIn(wanted);
            for (long u : still) {
                out.put(u, FetchedMeta.unreadable(u, "the server lists UID " + u
                        + " but sent no metadata for it (UID, RFC822.SIZE)"));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Those of {@code uids} the folder still has ({@code UID SEARCH UID set}). */
    private long[] uidsIn(java.util.Set<Long> uids) throws MessagingException {
        long[] ask = uids.stream().mapToLong(Long::longValue).sorted().toArray();
        return java.util.Arrays.stream(searched(run("UID SEARCH UID " + set(ask)), 0, Long.MAX_VALUE))
                .filter(uids::contains).distinct().toArray();
    }

    /** Metadata of messages whose INTERNALDATE could not be read: the Date: header, else now, stands in. */
    private Map<Long, FetchedMeta> metaWithoutDate(java.util.Set<Long> uids) throws MessagingException {
        long[] ask = uids.stream().mapToLong(Long::longValue).sorted().toArray();
        Response[] r = run("UID FETCH " + set(ask) + " (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (DATE)])",
                ResponseBudget.BULK);
        java.util.Set<Long> wanted = new java.util.HashSet<>(uids);
        Map<Long, FetchedMeta> out = new java.util.TreeMap<>();
        Instant now = Instant.now();
        for (Response resp : r) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                if (uid == null || (size == null && fr.getItem(BODY.class) == null) || !accepted(uid.uid, wanted, out)) {
                    continue; // an unsolicited FLAGS update, or an answer not asked for
                }
                if (size == null) {
                    out.put(uid.uid, FetchedMeta.unreadable(uid.uid, "the server sent no RFC822.SIZE for UID " + uid.uid
                            + ", so what it sends cannot be checked"));
                    continue;
                }
                BODY header = fr.getItem(BODY.class);
                Instant date = header == null || header.getByteArray() == null ? null
                        : plausible(MessageKeys.date(header.getByteArray().getNewBytes()));
                anomalies.dateSubstituted();
                out.put(uid.uid, new FetchedMeta(new MessageMeta(uid.uid, size.size, date != null ? date : now,
                        toFlags(fr.getItem(FLAGS.class)), true)));
            }
        }
        return out;
    }

    /**
     * {@code date}, or null when it cannot be a message's date: before 1970 or from 2200 on, where
     * file modification times, Maildir names and mbox {@code From } lines no longer hold it (a
     * server's INTERNALDATE of year 9999 in zone -1200 would be written as year +10000).
     */
    static Instant plausible(Instant date) {
        return date == null || date.isBefore(Instant.EPOCH) || !date.isBefore(LATEST_DATE) ? null : date;
    }

    private static final Instant LATEST_DATE = Instant.parse("2200-01-01T00:00:00Z");

    /** Whether a response for {@code uid} answers the request: asked for, and the first for it; else counted. */
    private boolean accepted(long uid, java.util.Set<Long> wanted, Map<Long, ?> answered) {
        if (!wanted.contains(uid)) {
            anomalies.unrequested();
            return false;
        }
        if (answered.containsKey(uid)) {
            anomalies.duplicate();
            return false;
        }
        return true;
    }

    private static java.util.Set<Long> asSet(long[] uids) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (long u : uids) {
            out.add(u);
        }
        return out;
    }

    /**
     * Whole bodies of the given UIDs (announced sizes in {@code sizes}) in one command; a UID
     * missing from the map got no body. A literal past its message's size plus a margin drops the
     * connection ({@link ResponseRefused}).
     */
    Map<Long, ByteArray> bodies(long[] uids, long[] sizes) throws MessagingException {
        Response[] r = run("UID FETCH " + set(uids) + " (UID BODY.PEEK[])", ResponseBudget.forBodies(sizes));
        java.util.Set<Long> wanted = asSet(uids);
        Map<Long, ByteArray> out = new HashMap<>();
        for (Response resp : r) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                BODY body = fr.getItem(BODY.class);
                if (uid != null && body != null && body.getByteArray() != null && accepted(uid.uid, wanted, out)) {
                    out.put(uid.uid, body.getByteArray());
                }
            }
        }
        return out;
    }

    /** Bytes {@code start .. start+length} of one message; {@code null} when the server sent none. */
    ByteArray bodyPart(long uid, long start, int length) throws MessagingException {
        Response[] r = run("UID FETCH " + uid + " (UID BODY.PEEK[]<" + start + "." + length + ">)",
                new ResponseBudget(length + (64L << 10), length + (1L << 20)));
        ByteArray got = null;
        for (Response resp : r) {
            if (resp instanceof FetchResponse fr) {
                UID u = fr.getItem(UID.class);
                BODY body = fr.getItem(BODY.class);
                if (u == null || body == null) {
                    continue;
                }
                if (u.uid != uid) {
                    anomalies.unrequested();
                } else if (got != null) {
                    anomalies.duplicate();
                } else {
                    got = body.getByteArray();
                }
            }
        }
        return got;
    }

    /**
     * Current flags of messages with UID up to {@code throughUid}; with {@code changedSince > 0}
     * (CONDSTORE) only those changed since that mod-sequence. An answer for UID 0 or a UID above
     * {@code throughUid}, and any but the first for a UID, are dropped and counted.
     */
    void flags(long throughUid, long changedSince, Consumer<FlagChange> sink) throws MessagingException {
        if (throughUid < 1) {
            return;
        }
        String cmd = "UID FETCH 1:" + throughUid + " (UID FLAGS" + (gmail ? " " + GmailItems.FETCH : "") + ")"
                + (changedSince > 0 ? " (CHANGEDSINCE " + changedSince + ")" : "");
        Response[] r = run(cmd);
        java.util.Set<Long> repeated = repeatedUids(r);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Response resp : r) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                FLAGS flags = fr.getItem(FLAGS.class);
                if (uid == null || flags == null) {
                    continue;
                }
                if (uid.uid < 1 || uid.uid > throughUid) {
                    anomalies.unrequested();
                } else if (repeated.contains(uid.uid) && !seen.add(uid.uid)) {
                    anomalies.duplicate(); // the first answer counts, as for bodies; the next pass corrects
                } else {
                    sink.accept(new FlagChange(uid.uid, toFlags(flags), GmailItems.of(fr)));
                }
            }
        }
    }

    /** The UIDs that more than one FETCH response with FLAGS names (few: found by sorting, not by a set of all). */
    private static java.util.Set<Long> repeatedUids(Response[] responses) {
        long[] uids = new long[responses.length];
        int n = 0;
        for (Response resp : responses) {
            if (resp instanceof FetchResponse fr && fr.getItem(UID.class) != null && fr.getItem(FLAGS.class) != null) {
                uids[n++] = fr.getItem(UID.class).uid;
            }
        }
        java.util.Arrays.sort(uids, 0, n);
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (int i = 1; i < n; i++) {
            if (uids[i] == uids[i - 1]) {
                out.add(uids[i]);
            }
        }
        return out;
    }

    /** X-GM-MSGID, X-GM-THRID and X-GM-LABELS of every message, by UID. */
    Map<Long, org.mailferry.store.GmailMeta> gmailFields() throws MessagingException {
        Map<Long, org.mailferry.store.GmailMeta> out = new java.util.TreeMap<>();
        if (folder.getMessageCount() == 0) {
            return out;
        }
        for (Response resp : run("UID FETCH 1:* (UID " + GmailItems.FETCH + ")")) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                org.mailferry.store.GmailMeta g = GmailItems.of(fr);
                if (uid != null && g != null && uid.uid > 0) {
                    out.putIfAbsent(uid.uid, g);
                }
            }
        }
        return out;
    }

    /** UID, size and flags of every message, ascending (a UID answered twice counts once, as first sent). */
    List<HeldMessage> inventory() throws MessagingException {
        if (folder.getMessageCount() == 0) {
            return List.of();
        }
        Map<Long, HeldMessage> out = new java.util.TreeMap<>();
        for (Response resp : run("UID FETCH 1:* (UID RFC822.SIZE FLAGS)")) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                if (uid != null && size != null && uid.uid > 0) {
                    out.putIfAbsent(uid.uid, new HeldMessage(uid.uid, size.size, toFlags(fr.getItem(FLAGS.class)), null));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** A target message as {@link MessageKeys} sees it before its bytes are fetched. */
    record KeyedMeta(long uid, long size, String messageId) {
    }

    /** UID, size and Message-ID of the messages with UID at least {@code fromUid}. */
    List<KeyedMeta> keyedFrom(long fromUid) throws MessagingException {
        Response[] r = run("UID FETCH " + fromUid + ":* (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
        List<KeyedMeta> out = new ArrayList<>();
        for (Response resp : r) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                BODY header = fr.getItem(BODY.class);
                if (uid == null || size == null || uid.uid < fromUid) {
                    continue;
                }
                String id = header == null || header.getByteArray() == null ? null
                        : MessageKeys.messageId(header.getByteArray().getNewBytes());
                out.add(new KeyedMeta(uid.uid, size.size, id));
            }
        }
        return out;
    }

    /** Current flags of the given messages (those that still exist). */
    Map<Long, MessageFlags> flagsOf(long[] uids) throws MessagingException {
        Map<Long, MessageFlags> out = new HashMap<>();
        for (Response resp : run("UID FETCH " + set(uids) + " (UID FLAGS)")) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                FLAGS flags = fr.getItem(FLAGS.class);
                if (uid != null && flags != null) {
                    out.put(uid.uid, toFlags(flags));
                }
            }
        }
        return out;
    }

    /** Replaces the flags of the given messages with {@code flagList} (e.g. {@code (\\Seen $label1)}). */
    void replaceFlags(long[] uids, String flagList) throws MessagingException {
        run("UID STORE " + set(uids) + " FLAGS.SILENT " + flagList);
    }

    /** Adds Gmail labels to these messages ({@code UID STORE +X-GM-LABELS}, X-GM-EXT-1). */
    void addLabels(long[] uids, List<String> labels) throws MessagingException {
        StringBuilder list = new StringBuilder();
        for (String l : labels) {
            String encoded = l.startsWith("\\") ? l
                    : org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder.encode(l);
            list.append(list.isEmpty() ? "" : " ").append('"')
                    .append(encoded.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        run("UID STORE " + set(uids) + " +" + GmailItems.LABELS + " (" + list + ")");
    }

    /** Flags these messages \\Deleted and expunges exactly them (UID EXPUNGE, RFC 4315). */
    void expunge(long[] uids) throws MessagingException {
        run("UID STORE " + set(uids) + " +FLAGS.SILENT (\\Deleted)");
        run("UID EXPUNGE " + set(uids));
    }

    /**
     * What the target holds for just-appended UIDs, in one command: RFC822.SIZE and the header
     * bytes ({@code BODY.PEEK[HEADER]}), or every byte when {@code full} ({@code BODY.PEEK[]}).
     * Responses for UIDs not asked for are ignored; a UID missing from the answer is absent. The
     * answer may bring what was sent ({@code sentSizes}) plus the usual margin per message.
     */
    Map<Long, AppendReadBack.Copy> readBack(long[] uids, long[] sentSizes, boolean full) throws MessagingException {
        String section = full ? "BODY.PEEK[]" : "BODY.PEEK[HEADER]";
        java.util.Set<Long> asked = new java.util.HashSet<>();
        for (long u : uids) {
            asked.add(u);
        }
        Map<Long, AppendReadBack.Copy> out = new HashMap<>();
        for (Response resp : run("UID FETCH " + set(uids) + " (UID RFC822.SIZE " + section + ")",
                ResponseBudget.forBodies(sentSizes))) {
            if (resp instanceof FetchResponse fr) {
                UID uid = fr.getItem(UID.class);
                RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                BODY body = fr.getItem(BODY.class);
                if (uid != null && size != null && body != null && asked.contains(uid.uid)
                        && !out.containsKey(uid.uid)) {
                    ByteArray b = body.getByteArray();
                    out.put(uid.uid, new AppendReadBack.Copy(size.size,
                            b == null ? new byte[0] : java.util.Arrays.copyOfRange(b.getBytes(), b.getStart(),
                                    b.getStart() + b.getCount())));
                }
            }
        }
        return out;
    }

    /** APPENDs to {@code mailbox} on this folder's connection. */
    Appender appender(String mailbox) {
        return new Appender(folder, mailbox);
    }

    /** UIDNEXT of {@code mailbox} now (STATUS), for servers without UIDPLUS. */
    long uidNext(String mailbox) throws MessagingException {
        org.eclipse.angus.mail.imap.protocol.Status s = (org.eclipse.angus.mail.imap.protocol.Status) folder.doCommand(
                p -> p.status(mailbox, new String[] {"UIDNEXT"}));
        return s.uidnext;
    }

    /** The number of messages in {@code mailbox} (STATUS MESSAGES). */
    long messages(String mailbox) throws MessagingException {
        org.eclipse.angus.mail.imap.protocol.Status s = (org.eclipse.angus.mail.imap.protocol.Status) folder.doCommand(
                p -> p.status(mailbox, new String[] {"MESSAGES"}));
        return s.total;
    }

    /** Whether the server offers this capability, asked on this folder's own connection. */
    boolean hasCapability(String capability) throws MessagingException {
        return (Boolean) folder.doCommand(p -> p.hasCapability(capability));
    }

    /** The number after {@code NAME=} in the capability list (APPENDLIMIT=35651584), or -1. */
    long capabilityValue(String name) throws MessagingException {
        String prefix = name.toUpperCase(java.util.Locale.ROOT) + "=";
        @SuppressWarnings("unchecked")
        Map<String, String> caps = (Map<String, String>) folder.doCommand(p -> p.getCapabilities());
        for (String c : caps.keySet()) {
            if (c.toUpperCase(java.util.Locale.ROOT).startsWith(prefix)) {
                try {
                    return Long.parseLong(c.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private Response[] run(String command) throws MessagingException {
        return run(command, ResponseBudget.BULK);
    }

    private Response[] run(String command, ResponseBudget budget) throws MessagingException {
        return run(command, null, budget);
    }

    /** The user's search keys as arguments: atoms as typed, strings quoted (or literals) in UTF-8, groups in parentheses. */
    private static void write(java.util.List<SearchKeys.Token> tokens, Argument into) {
        for (SearchKeys.Token t : tokens) {
            if (t instanceof SearchKeys.Atom a) {
                into.writeAtom(a.value());
            } else if (t instanceof SearchKeys.Text s) {
                into.writeString(s.value(), java.nio.charset.StandardCharsets.UTF_8);
            } else if (t instanceof SearchKeys.Group g) {
                Argument group = new Argument();
                write(g.tokens(), group);
                into.writeArgument(group);
            }
        }
    }

    private Response[] run(String command, Argument args, ResponseBudget budget) throws MessagingException {
        return (Response[]) folder.doCommand((IMAPProtocol p) -> {
            guard.expect(budget);
            Response[] r = p.command(command, args);
            guard.commandEnded();
            ResponseLimitExceeded refused = ResponseGuard.refusal(r);
            if (refused != null) {
                p.disconnect(); // the stream stopped mid-answer: nothing more can be read on it
                throw new ResponseRefused(refused);
            }
            p.notifyResponseHandlers(AngusResponses.withoutFetch(r));
            p.handleResult(r[r.length - 1]);
            return r;
        });
    }

    static String set(long[] uids) {
        return UIDSet.toString(UIDSet.createUIDSets(uids));
    }

    static MessageFlags toFlags(Flags flags) {
        if (flags == null) {
            return MessageFlags.NONE;
        }
        java.util.EnumSet<SystemFlag> sys = java.util.EnumSet.noneOf(SystemFlag.class);
        if (flags.contains(Flags.Flag.SEEN)) {
            sys.add(SystemFlag.SEEN);
        }
        if (flags.contains(Flags.Flag.ANSWERED)) {
            sys.add(SystemFlag.ANSWERED);
        }
        if (flags.contains(Flags.Flag.FLAGGED)) {
            sys.add(SystemFlag.FLAGGED);
        }
        if (flags.contains(Flags.Flag.DELETED)) {
            sys.add(SystemFlag.DELETED);
        }
        if (flags.contains(Flags.Flag.DRAFT)) {
            sys.add(SystemFlag.DRAFT);
        }
        return MessageFlags.of(sys, java.util.Set.of(flags.getUserFlags()));
    }

    static Flags toImapFlags(MessageFlags f) {
        Flags out = new Flags();
        for (SystemFlag s : f.system()) {
            out.add(switch (s) {
                case SEEN -> Flags.Flag.SEEN;
                case ANSWERED -> Flags.Flag.ANSWERED;
                case FLAGGED -> Flags.Flag.FLAGGED;
                case DELETED -> Flags.Flag.DELETED;
                case DRAFT -> Flags.Flag.DRAFT;
            });
        }
        for (String k : f.keywords()) {
            out.add(k);
        }
        return out;
    }
}
