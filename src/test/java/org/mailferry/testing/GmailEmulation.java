package org.mailferry.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An <b>emulation</b> of Gmail's IMAP extension X-GM-EXT-1 in front of the test Dovecot, built from
 * Google's description (developers.google.com/gmail/imap/imap-extensions), because Gmail cannot be
 * reached from the tests. A plain-IMAP proxy on 127.0.0.1 (clients need {@code --insecure}) that
 * passes everything through to Dovecot's IMAPS port and changes only this:
 * <ul>
 * <li>CAPABILITY answers (untagged and response codes) gain {@code X-GM-EXT-1};</li>
 * <li>LIST shows Gmail's layout: {@code [Gmail]/All Mail} {@code \All}, {@code [Gmail]/Spam}
 *     {@code \Junk}, {@code [Gmail]/Trash} {@code \Trash}, {@code [Gmail]/Sent Mail} {@code \Sent},
 *     {@code [Gmail]/Drafts} {@code \Drafts}, {@code [Gmail]/Starred} {@code \Flagged},
 *     {@code [Gmail]/Important} {@code \Important}; Dovecot's own special folders are hidden;</li>
 * <li>FETCH {@code X-GM-MSGID}, {@code X-GM-THRID} and {@code X-GM-LABELS} are asked of Dovecot as
 *     {@code X-GUID} (Dovecot's Maildir GUID, which COPY keeps): the message id is 63 bits of the
 *     SHA-256 of the GUID, the thread id the same (every message is its own conversation), the
 *     labels are the folders other than All Mail, Spam and Trash that hold a message of the same
 *     GUID ({@code INBOX} is {@code \Inbox}, the {@code [Gmail]} folders above {@code \Sent},
 *     {@code \Draft}, {@code \Starred}, {@code \Important});</li>
 * <li>{@code UID STORE set +X-GM-LABELS (...)} copies the messages into each label's folder
 *     (created if missing), {@code -X-GM-LABELS} expunges their copies there; both change the
 *     messages' MODSEQ where they were stored, as Gmail does, so CONDSTORE sees label changes.</li>
 * </ul>
 * Limits: messages must be put into All Mail and copied into label folders (what {@link #addMessage}
 * does): an APPEND to a label folder is not also in All Mail as on Gmail; SEARCH X-GM-RAW,
 * X-GM-MSGID and X-GM-LABELS, plain {@code X-GM-LABELS} (replace) STORE and threads are not
 * emulated; the labels are read from every folder on each FETCH that asks for them (fine for
 * thousands of messages, not for more). One emulation per user.
 */
public final class GmailEmulation implements AutoCloseable {

    public static final String ALL_MAIL = "[Gmail]/All Mail";
    public static final String SPAM = "[Gmail]/Spam";
    public static final String TRASH = "[Gmail]/Trash";
    private static final Map<String, String> SPECIAL = Map.of(ALL_MAIL, "\\All", SPAM, "\\Junk", TRASH, "\\Trash",
            "[Gmail]/Sent Mail", "\\Sent", "[Gmail]/Drafts", "\\Drafts", "[Gmail]/Starred", "\\Flagged",
            "[Gmail]/Important", "\\Important");
    private static final Map<String, String> SYSTEM_LABELS = Map.of("INBOX", "\\Inbox", "[Gmail]/Sent Mail", "\\Sent",
            "[Gmail]/Drafts", "\\Draft", "[Gmail]/Starred", "\\Starred", "[Gmail]/Important", "\\Important");
    private static final java.util.Set<String> HIDDEN = java.util.Set.of("Drafts", "Junk", "Trash", "Sent", "Archive");
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final Pattern GUID = Pattern.compile("X-GUID (\"[^\"]*\"|[^ )]+)");
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");

    private final TestImapServer server;
    private final String user;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    public GmailEmulation(TestImapServer server, String user) throws IOException {
        this.server = server;
        this.user = user;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "gmail-emulation-" + user);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The URI mailferry is given for this account ({@code --insecure} needed). */
    public String uri() {
        return "imap://" + user + "@127.0.0.1:" + port() + "?starttls=none";
    }

    /** The label Gmail shows for a folder's name. */
    public static String labelOf(String folder) {
        return SYSTEM_LABELS.getOrDefault(folder, folder);
    }

    /** The folder a label is shown as. */
    public static String folderOf(String label) {
        for (Map.Entry<String, String> e : SYSTEM_LABELS.entrySet()) {
            if (e.getValue().equalsIgnoreCase(label)) {
                return e.getKey();
            }
        }
        return label;
    }

    /**
     * Delivers a message as Gmail holds it: into All Mail (or Spam or Trash when {@code folder}
     * names one), with these flags and INTERNALDATE, and with each label (a copy in its folder).
     */
    public void addMessage(String folder, byte[] message, String flags, String internalDate, String... labels)
            throws IOException {
        try (Side s = side()) {
            for (String f : List.of(ALL_MAIL, SPAM, TRASH)) {
                s.command("CREATE " + quote(f));
            }
            s.append(folder, flags, internalDate, message);
            s.command("SELECT " + quote(folder));
            List<String> found = s.command("UID SEARCH ALL");
            String last = found.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow().trim();
            String uid = last.substring(last.lastIndexOf(' ') + 1);
            for (String label : labels) {
                s.command("CREATE " + quote(folderOf(label)));
                s.command("UID COPY " + uid + " " + quote(folderOf(label)));
            }
        }
    }

    /**
     * Delivers many messages into All Mail at once, {@code labels.get(i)} being the labels of
     * message i (one session; for benchmarks).
     */
    public void addMessages(List<byte[]> messages, List<List<String>> labels) throws IOException {
        try (Side s = side()) {
            for (String f : List.of(ALL_MAIL, SPAM, TRASH)) {
                s.command("CREATE " + quote(f));
            }
            s.command("SELECT " + quote(ALL_MAIL));
            Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                s.append(ALL_MAIL, "\\Seen", "03-Mar-2026 10:00:00 +0000", messages.get(i));
                for (String l : labels.get(i)) {
                    byLabel.computeIfAbsent(l, k -> new ArrayList<>()).add(i);
                }
            }
            List<String> found = s.command("UID SEARCH ALL");
            String[] uids = found.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow().trim().split(" ");
            for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
                s.command("CREATE " + quote(folderOf(e.getKey())));
                for (int from = 0; from < e.getValue().size(); from += 200) {
                    List<Integer> part = e.getValue().subList(from, Math.min(from + 200, e.getValue().size()));
                    s.command("UID COPY " + String.join(",", part.stream().map(i -> uids[i + 2]).toList()) + " "
                            + quote(folderOf(e.getKey())));
                }
            }
        }
    }

    /** Creates All Mail, Spam and Trash (an empty Gmail account has them). */
    public void createLayout() throws IOException {
        try (Side s = side()) {
            for (String f : List.of(ALL_MAIL, SPAM, TRASH)) {
                s.command("CREATE " + quote(f));
            }
        }
    }

    /** Adds or removes a label as a Gmail user would, through the emulation ({@code +} or {@code -}). */
    public void changeLabel(String folder, String messageId, char sign, String label) throws IOException {
        try (Side s = side()) {
            s.command("SELECT " + quote(folder));
            List<String> r = s.command("UID SEARCH HEADER Message-ID " + quote(messageId));
            String line = r.stream().filter(l -> l.startsWith("* SEARCH ")).findFirst().orElseThrow();
            String uid = line.substring("* SEARCH ".length()).trim().split(" ")[0];
            storeLabels(s, folder, uid, sign, List.of(label));
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "gmail-emulation-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** What the client's FETCH in flight asked of Gmail's items. */
    private static final class Session {
        volatile boolean msgId;
        volatile boolean thrId;
        volatile boolean labels;
        volatile boolean guid;
        volatile Map<String, List<String>> labelsByGuid = Map.of();
        volatile String selected;
    }

    private void serve(Socket client) {
        Session session = new Session();
        try (client; Socket upstream = server.sslContext().getSocketFactory().createSocket(server.host(), server.imapsPort())) {
            open.add(upstream);
            InputStream fromServer = new BufferedInputStream(upstream.getInputStream());
            OutputStream toServer = upstream.getOutputStream();
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            Thread down = new Thread(() -> {
                try {
                    answers(fromServer, toClient, session);
                } catch (IOException e) {
                    // either side closed
                }
            }, "gmail-emulation-down");
            down.setDaemon(true);
            down.start();
            commands(fromClient, toServer, toClient, session);
        } catch (IOException e) {
            // either side closed
        }
    }

    private void commands(InputStream in, OutputStream up, OutputStream toClient, Session session) throws IOException {
        byte[] raw;
        while ((raw = readLine(in)) != null) {
            String line = new String(raw, StandardCharsets.ISO_8859_1);
            Matcher lit = LITERAL.matcher(line.stripTrailing());
            if (lit.find()) {
                up.write(raw);
                up.flush();
                int n = Integer.parseInt(lit.group(1));
                up.write(in.readNBytes(n));
                up.flush();
                continue;
            }
            String[] words = line.stripTrailing().split(" ", 4);
            String verb = words.length > 1 ? words[1].toUpperCase() : "";
            String verb2 = words.length > 2 ? words[2].toUpperCase() : "";
            if (verb.equals("SELECT") || verb.equals("EXAMINE")) {
                session.selected = unquote(line.stripTrailing().split(" ", 3)[2].replaceAll(" \\(.*\\)$", ""));
            }
            if (verb.equals("UID") && verb2.equals("STORE") && line.toUpperCase().contains("X-GM-LABELS")) {
                store(line.stripTrailing(), toClient, session);
                continue;
            }
            if ((verb.equals("FETCH") || verb.equals("UID") && verb2.equals("FETCH")) && line.toUpperCase().contains("X-GM-")) {
                line = fetch(line.stripTrailing(), session) + "\r\n";
                raw = line.getBytes(StandardCharsets.ISO_8859_1);
            }
            up.write(raw);
            up.flush();
        }
    }

    private String fetch(String line, Session session) throws IOException {
        String upper = line.toUpperCase();
        session.msgId = upper.contains("X-GM-MSGID");
        session.thrId = upper.contains("X-GM-THRID");
        session.labels = upper.contains("X-GM-LABELS");
        session.guid = upper.contains("X-GUID");
        if (session.labels) {
            try (Side s = side()) {
                session.labelsByGuid = labels(s);
            }
        }
        String out = line.replaceAll("(?i) ?X-GM-(MSGID|THRID|LABELS)", "");
        if (!session.guid) {
            int close = out.lastIndexOf(')');
            int open = out.indexOf('(');
            if (open < 0) {
                out = out + " X-GUID";
            } else {
                // the item list is the first parenthesised group after the set
                int end = matching(out, open);
                out = out.substring(0, end) + (out.charAt(end - 1) == '(' ? "" : " ") + "X-GUID" + out.substring(end);
            }
        }
        return out;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    private void store(String line, OutputStream toClient, Session session) throws IOException {
        Matcher m = Pattern.compile("(?i)^(\\S+) UID STORE (\\S+) ([+-]?)X-GM-LABELS(?:\\.SILENT)? \\((.*)\\)$").matcher(line);
        String tag = line.split(" ", 2)[0];
        String reply;
        if (!m.find() || m.group(3).isEmpty()) {
            reply = tag + " BAD this emulation of X-GM-EXT-1 knows only UID STORE +X-GM-LABELS and -X-GM-LABELS";
        } else {
            try (Side s = side()) {
                storeLabels(s, session.selected, m.group(2), m.group(3).charAt(0), parseLabels(m.group(4)));
            }
            reply = tag + " OK Success";
        }
        synchronized (toClient) {
            toClient.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
        }
    }

    private void storeLabels(Side s, String folder, String uidSet, char sign, List<String> labels) throws IOException {
        s.command("SELECT " + quote(folder));
        java.util.Set<String> guids = new java.util.HashSet<>();
        for (String l : s.command("UID FETCH " + uidSet + " (X-GUID)")) {
            Matcher g = GUID.matcher(l);
            if (g.find()) {
                guids.add(unquote(g.group(1)));
            }
        }
        for (String label : labels) {
            String target = folderOf(label);
            if (sign == '+') {
                s.command("CREATE " + quote(target));
                s.command("UID COPY " + uidSet + " " + quote(target));
            } else {
                s.command("SELECT " + quote(target));
                for (String l : s.command("UID FETCH 1:* (UID X-GUID)")) {
                    Matcher g = GUID.matcher(l);
                    Matcher u = UID.matcher(l);
                    if (g.find() && u.find() && guids.contains(unquote(g.group(1)))) {
                        s.command("UID STORE " + u.group(1) + " +FLAGS.SILENT (\\Deleted)");
                        s.command("UID EXPUNGE " + u.group(1));
                    }
                }
                s.command("SELECT " + quote(folder));
            }
        }
        // Gmail gives a message whose labels changed a new MODSEQ
        s.command("UID STORE " + uidSet + " +FLAGS.SILENT ($XGmTouched)");
        s.command("UID STORE " + uidSet + " -FLAGS.SILENT ($XGmTouched)");
    }

    /** GUID to its labels, read from every label folder. */
    private Map<String, List<String>> labels(Side s) throws IOException {
        Map<String, java.util.SortedSet<String>> out = new HashMap<>();
        for (String folder : folders(s)) {
            if (SPECIAL.containsKey(folder) && !SYSTEM_LABELS.containsKey(folder) || HIDDEN.contains(folder)) {
                continue;
            }
            List<String> sel = s.command("EXAMINE " + quote(folder));
            if (sel.stream().anyMatch(l -> l.matches("\\* 0 EXISTS.*"))) {
                continue;
            }
            for (String l : s.command("UID FETCH 1:* (X-GUID)")) {
                Matcher g = GUID.matcher(l);
                if (g.find()) {
                    out.computeIfAbsent(unquote(g.group(1)), k -> new TreeSet<>(LABEL_ORDER)).add(labelOf(folder));
                }
            }
        }
        Map<String, List<String>> result = new HashMap<>();
        out.forEach((k, v) -> result.put(k, List.copyOf(v)));
        return result;
    }

    /** System labels first ({@code \Inbox} before the others), then user labels by name. */
    private static final Comparator<String> LABEL_ORDER = Comparator
            .comparing((String l) -> !l.equals("\\Inbox"))
            .thenComparing(l -> !l.startsWith("\\"))
            .thenComparing(Comparator.naturalOrder());

    private static List<String> folders(Side s) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : s.command("LIST \"\" \"*\"")) {
            if (l.startsWith("* LIST ") && !l.contains("\\Noselect") && !l.contains("\\NonExistent")) {
                out.add(unquote(l.substring(l.indexOf("\"/\" ") + 4)));
            }
        }
        return out;
    }

    private void answers(InputStream in, OutputStream out, Session session) throws IOException {
        byte[] raw;
        while ((raw = readLine(in)) != null) {
            String line = new String(raw, StandardCharsets.ISO_8859_1);
            String body = line.stripTrailing();
            String end = line.substring(body.length());
            Matcher lit = LITERAL.matcher(body);
            boolean literal = lit.find();
            if (body.startsWith("* LIST ") && !literal) {
                body = list(body);
                if (body == null) {
                    continue;
                }
            }
            if (body.startsWith("* CAPABILITY ") || body.contains("[CAPABILITY ")) {
                body = body.contains("[CAPABILITY ") ? body.replaceFirst("\\[CAPABILITY ([^]]*)]", "[CAPABILITY $1 X-GM-EXT-1]")
                        : body + " X-GM-EXT-1";
            }
            if (body.contains("X-GUID ") && (session.msgId || session.labels || session.thrId)) {
                body = gmailItems(body, session);
            }
            byte[] bytes = (body + end).getBytes(StandardCharsets.ISO_8859_1);
            synchronized (out) {
                out.write(bytes);
                if (literal) {
                    out.write(in.readNBytes(Integer.parseInt(lit.group(1))));
                }
                out.flush();
            }
        }
    }

    private static String list(String line) {
        String name = unquote(line.substring(line.indexOf("\"/\" ") + 4));
        if (HIDDEN.contains(name)) {
            return null;
        }
        String attr = SPECIAL.get(name);
        String cleaned = line.replaceAll("\\\\(Drafts|Junk|Trash|Sent|Archive|All|Flagged|Important) ?", "").replace(" )", ")");
        return attr == null ? cleaned : cleaned.replaceFirst("^\\* LIST \\(", Matcher.quoteReplacement("* LIST (" + attr + " ")).replace(" )", ")");
    }

    private static String gmailItems(String line, Session session) {
        Matcher g = GUID.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (g.find()) {
            String guid = unquote(g.group(1));
            List<String> items = new ArrayList<>();
            if (session.guid) {
                items.add(g.group());
            }
            long id = msgId(guid);
            if (session.msgId) {
                items.add("X-GM-MSGID " + id);
            }
            if (session.thrId) {
                items.add("X-GM-THRID " + id);
            }
            if (session.labels) {
                List<String> labels = session.labelsByGuid.getOrDefault(guid, List.of());
                items.add("X-GM-LABELS (" + String.join(" ", labels.stream().map(GmailEmulation::quote).toList()) + ")");
            }
            g.appendReplacement(sb, Matcher.quoteReplacement(String.join(" ", items)));
        }
        g.appendTail(sb);
        return sb.toString();
    }

    /** X-GM-MSGID of a Dovecot GUID: its SHA-256's first 63 bits. */
    public static long msgId(String guid) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(guid.getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong() & Long.MAX_VALUE;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> parseLabels(String list) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(list);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2));
        }
        return out;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String unquote(String s) {
        s = s.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return s;
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                return b.toByteArray();
            }
        }
        return b.size() == 0 ? null : b.toByteArray();
    }

    private Side side() throws IOException {
        return new Side(server, user);
    }

    /** A second session with Dovecot, for what the emulation looks up or changes itself. */
    private static final class Side implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        Side(TestImapServer server, String user) throws IOException {
            socket = server.sslContext().getSocketFactory().createSocket(server.host(), server.imapsPort());
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            readLine(in);
            expectOk(command("LOGIN " + quote(user) + " " + quote(server.password(user))), "LOGIN");
        }

        List<String> command(String cmd) throws IOException {
            String t = "s" + (++tag);
            out.write((t + " " + cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return responses(t);
        }

        void append(String folder, String flags, String date, byte[] message) throws IOException {
            String t = "s" + (++tag);
            out.write((t + " APPEND " + quote(folder) + " (" + flags + ") " + quote(date) + " {" + message.length
                    + "+}\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(message);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expectOk(responses(t), "APPEND");
        }

        private List<String> responses(String t) throws IOException {
            List<String> lines = new ArrayList<>();
            byte[] raw;
            StringBuilder cur = new StringBuilder();
            while ((raw = readLine(in)) != null) {
                String l = new String(raw, StandardCharsets.UTF_8).stripTrailing();
                Matcher lit = LITERAL.matcher(l);
                if (lit.find()) {
                    cur.append(l, 0, lit.start()).append(quote(new String(in.readNBytes(Integer.parseInt(lit.group(1))),
                            StandardCharsets.UTF_8)));
                    continue;
                }
                cur.append(l);
                String line = cur.toString();
                cur.setLength(0);
                lines.add(line);
                if (line.startsWith(t + " ")) {
                    return lines;
                }
            }
            throw new IOException("Dovecot closed the side connection");
        }

        private static void expectOk(List<String> r, String what) throws IOException {
            if (!r.get(r.size() - 1).split(" ")[1].equals("OK")) {
                throw new IOException(what + " failed: " + r.get(r.size() - 1));
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
