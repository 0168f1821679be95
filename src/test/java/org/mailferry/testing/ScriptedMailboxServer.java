package org.mailferry.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small plain-text IMAP server with many folders, for what real servers will not do on demand:
 * names that coincide once decoded ({@code a//b} beside {@code a/b}, {@code A/B} beside
 * {@code A.B} under the delimiter {@code .}), any NAMESPACE answer, a target that alters messages
 * on APPEND ({@link #alterOnAppend}) or refuses folder names ({@link #refuseCharacter}). It
 * answers the commands mailferry's reader and APPEND writer send, with UIDPLUS, MULTIAPPEND and
 * LITERAL+. Names are sent and kept as given (ASCII). One thread per connection; folders are
 * shared and synchronized.
 */
public final class ScriptedMailboxServer implements AutoCloseable {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)}$");
    private static final Pattern QUOTED_OR_ATOM = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s()]+)");
    private static final String DATE = "\"05-Nov-2026 09:03:02 +0000\"";

    /** One stored message. */
    public record Stored(long uid, byte[] body, String flags) {
    }

    private static final class Box {
        final long uidValidity;
        final List<Stored> messages = new ArrayList<>();
        long uidNext = 1;

        Box(long uidValidity) {
            this.uidValidity = uidValidity;
        }
    }

    private final ServerSocket listener;
    private final char delimiter;
    private final String namespace;
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private volatile UnaryOperator<byte[]> alterOnAppend = UnaryOperator.identity();
    private volatile Character refused;
    private volatile int quotaMessages = Integer.MAX_VALUE;
    private volatile java.util.function.Predicate<byte[]> refuseAppend = m -> false;
    private volatile boolean closed;

    /**
     * @param delimiter the hierarchy delimiter LIST announces
     * @param namespace the NAMESPACE response's data, e.g. {@code (("" "/")) NIL NIL}
     */
    public ScriptedMailboxServer(char delimiter, String namespace) throws IOException {
        this.delimiter = delimiter;
        this.namespace = namespace;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        folder("INBOX");
        Thread t = new Thread(this::accept, "scripted-mailbox");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Creates a folder (if missing) with the given messages appended, in order. */
    public synchronized ScriptedMailboxServer folder(String name, byte[]... messages) {
        Box b = boxes.computeIfAbsent(name, n -> new Box(1000 + boxes.size()));
        for (byte[] m : messages) {
            b.messages.add(new Stored(b.uidNext++, m, ""));
        }
        return this;
    }

    /** Every APPENDed message is stored as {@code alter} makes it (e.g. Cyrus's munge8bit). */
    public ScriptedMailboxServer alterOnAppend(UnaryOperator<byte[]> alter) {
        this.alterOnAppend = alter;
        return this;
    }

    /** An APPEND holding a message {@code refuse} matches is refused whole (NO), as a server's filter would. */
    public ScriptedMailboxServer refuseAppendOf(java.util.function.Predicate<byte[]> refuse) {
        this.refuseAppend = refuse;
        return this;
    }

    /** Without UIDPLUS: CAPABILITY does not name it and APPEND answers a plain OK (no APPENDUID). */
    public ScriptedMailboxServer withoutUidplus() {
        this.uidplus = false;
        return this;
    }

    /** CREATE of a name holding {@code c} is refused with Dovecot's words. */
    public ScriptedMailboxServer refuseCharacter(char c) {
        this.refused = c;
        return this;
    }

    /** Accepts this many APPENDed messages in all, then refuses every APPEND as Dovecot does when full. */
    public ScriptedMailboxServer quota(int messages) {
        this.quotaMessages = messages;
        return this;
    }

    public synchronized Set<String> folderNames() {
        return new TreeSet<>(boxes.keySet());
    }

    public synchronized List<Stored> messages(String folder) {
        Box b = boxes.get(folder);
        return b == null ? List.of() : List.copyOf(b.messages);
    }

    /** Cyrus's munge8bit: every 8-bit byte of the header becomes {@code X}, same size. */
    public static byte[] munge8bit(byte[] message) {
        byte[] out = message.clone();
        for (int i = 0; i < out.length; i++) {
            if (i >= 3 && out[i] == '\n' && out[i - 1] == '\r' && out[i - 2] == '\n' && out[i - 3] == '\r') {
                break;
            }
            if ((out[i] & 0x80) != 0) {
                out[i] = 'X';
            }
        }
        return out;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s), "scripted-mailbox-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A command: its text parts, with each literal's bytes between them. */
    private record Command(List<String> texts, List<byte[]> literals) {
        String first() {
            return texts.get(0);
        }
    }

    private Command read(BufferedReader in, OutputStream out) throws IOException {
        List<String> texts = new ArrayList<>();
        List<byte[]> literals = new ArrayList<>();
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        while (true) {
            Matcher m = LITERAL.matcher(line);
            if (!m.find()) {
                texts.add(line);
                return new Command(texts, literals);
            }
            texts.add(line.substring(0, m.start()));
            int n = Integer.parseInt(m.group(1));
            if (m.group(2).isEmpty()) {
                send(out, "+ go ahead\r\n");
            }
            char[] buf = new char[n];
            int got = 0;
            while (got < n) {
                int r = in.read(buf, got, n - got);
                if (r < 0) {
                    return null;
                }
                got += r;
            }
            literals.add(new String(buf).getBytes(StandardCharsets.ISO_8859_1));
            line = in.readLine();
            if (line == null) {
                return null;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            send(out, "* OK scripted mailbox ready\r\n");
            String selected = null;
            Command c;
            while ((c = read(in, out)) != null) {
                String[] head = c.first().split(" ", 3);
                if (head.length < 2) {
                    continue;
                }
                String tag = head[0];
                boolean uid = head[1].equalsIgnoreCase("UID");
                String rest = head.length > 2 ? head[2] : "";
                String command = head[1].toUpperCase();
                if (uid) {
                    String[] r = rest.split(" ", 2);
                    command = r[0].toUpperCase();
                    rest = r.length > 1 ? r[1] : "";
                }
                String tagged = "OK done";
                StringBuilder reply = new StringBuilder();
                switch (command) {
                    case "CAPABILITY" -> reply.append("* CAPABILITY IMAP4rev1 ").append(uidplus ? "UIDPLUS " : "")
                            .append("MULTIAPPEND LITERAL+ NAMESPACE\r\n");
                    case "NAMESPACE" -> reply.append("* NAMESPACE ").append(namespace).append("\r\n");
                    case "LIST" -> list(args(rest), reply);
                    case "STATUS" -> {
                        String name = args(rest).get(0);
                        Box b = box(name);
                        if (b == null) {
                            tagged = "NO [NONEXISTENT] no such folder";
                        } else {
                            reply.append("* STATUS ").append(quote(name)).append(" (UIDVALIDITY ").append(b.uidValidity)
                                    .append(" UIDNEXT ").append(b.uidNext).append(" MESSAGES ")
                                    .append(b.messages.size()).append(")\r\n");
                        }
                    }
                    case "EXAMINE", "SELECT" -> {
                        String name = args(rest).get(0);
                        Box b = box(name);
                        if (b == null) {
                            tagged = "NO [NONEXISTENT] no such folder";
                        } else {
                            selected = name;
                            reply.append("* ").append(b.messages.size()).append(" EXISTS\r\n* 0 RECENT\r\n")
                                    .append("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n")
                                    .append("* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft \\*)] ok\r\n")
                                    .append("* OK [UIDVALIDITY ").append(b.uidValidity).append("] ok\r\n")
                                    .append("* OK [UIDNEXT ").append(b.uidNext).append("] ok\r\n");
                            tagged = command.equals("EXAMINE") ? "OK [READ-ONLY] done" : "OK [READ-WRITE] done";
                        }
                    }
                    case "CREATE" -> {
                        String name = args(rest).get(0);
                        Character r = refused;
                        if (r != null && name.indexOf(r) >= 0) {
                            tagged = "NO [CANNOT] Character not allowed in mailbox name: '" + r + "'";
                        } else {
                            folder(name);
                        }
                    }
                    case "APPEND" -> tagged = append(c);
                    case "SEARCH" -> reply.append(search(selected));
                    case "FETCH" -> reply.append(fetch(selected, rest));
                    case "LOGOUT" -> reply.append("* BYE bye\r\n");
                    default -> {
                        // LOGIN, NOOP, CLOSE, UNSELECT, STORE, EXPUNGE, ENABLE, ID: accepted
                    }
                }
                send(out, reply.toString());
                send(out, tag + " " + tagged + "\r\n");
                if (command.equals("LOGOUT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private synchronized Box box(String name) {
        return boxes.get(name.equalsIgnoreCase("INBOX") ? "INBOX" : name);
    }

    private synchronized void list(List<String> args, StringBuilder reply) {
        String pattern = args.size() > 1 ? args.get(1) : "*";
        String d = String.valueOf(delimiter);
        if (pattern.isEmpty()) {
            reply.append("* LIST (\\Noselect) ").append(quote(d)).append(" \"\"\r\n");
            return;
        }
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '%' ? "[^" + Pattern.quote(d) + "]*" : Pattern.quote(String.valueOf(ch)));
        }
        Pattern p = Pattern.compile(regex.toString(), Pattern.DOTALL);
        for (String name : boxes.keySet()) {
            if (p.matcher(name).matches()) {
                reply.append("* LIST (\\HasNoChildren) ").append(quote(d)).append(' ').append(quote(name)).append("\r\n");
            }
        }
    }

    private int appended;
    private volatile boolean uidplus = true;

    private synchronized String append(Command c) {
        List<String> first = args(c.first().split(" ", 3)[2]);
        Box b = box(first.get(0));
        if (b == null) {
            return "NO [TRYCREATE] no such folder";
        }
        if (c.literals().stream().anyMatch(refuseAppend)) {
            return "NO [LIMIT] message refused by the content filter";
        }
        if (appended + c.literals().size() > quotaMessages) {
            return "NO [OVERQUOTA] Quota exceeded (mailbox for user is full)";
        }
        appended += c.literals().size();
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < c.literals().size(); i++) {
            Matcher flags = Pattern.compile("\\(([^)]*)\\)").matcher(c.texts().get(i));
            String f = flags.find() ? flags.group(1) : "";
            long u = b.uidNext++;
            b.messages.add(new Stored(u, alterOnAppend.apply(c.literals().get(i)), f));
            uids.add(u);
        }
        StringBuilder set = new StringBuilder();
        uids.forEach(u -> set.append(set.length() == 0 ? "" : ",").append(u));
        return uidplus ? "OK [APPENDUID " + b.uidValidity + " " + set + "] done" : "OK done";
    }

    private synchronized String search(String selected) {
        StringBuilder out = new StringBuilder("* SEARCH");
        Box b = selected == null ? null : box(selected);
        if (b != null) {
            b.messages.forEach(m -> out.append(' ').append(m.uid()));
        }
        return out.append("\r\n").toString();
    }

    private synchronized String fetch(String selected, String rest) {
        Box b = selected == null ? null : box(selected);
        if (b == null) {
            return "";
        }
        String[] parts = rest.split(" ", 2);
        String items = parts.length > 1 ? parts[1].toUpperCase() : "";
        Set<Long> wanted = wanted(parts[0], b);
        StringBuilder out = new StringBuilder();
        int seq = 0;
        for (Stored m : b.messages) {
            seq++;
            if (!wanted.contains(m.uid())) {
                continue;
            }
            out.append("* ").append(seq).append(" FETCH (UID ").append(m.uid());
            if (items.contains("RFC822.SIZE")) {
                out.append(" RFC822.SIZE ").append(m.body().length);
            }
            if (items.contains("FLAGS")) {
                out.append(" FLAGS (").append(m.flags()).append(')');
            }
            if (items.contains("INTERNALDATE")) {
                out.append(" INTERNALDATE ").append(DATE);
            }
            if (items.contains("BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]")) {
                literal(out, "BODY[HEADER.FIELDS (MESSAGE-ID)]", messageIdField(m.body()));
            } else if (items.contains("BODY.PEEK[HEADER]")) {
                literal(out, "BODY[HEADER]", header(m.body()));
            } else if (items.contains("BODY.PEEK[]")) {
                literal(out, "BODY[]", m.body());
            }
            out.append(")\r\n");
        }
        return out.toString();
    }

    private static void literal(StringBuilder out, String item, byte[] bytes) {
        out.append(' ').append(item).append(" {").append(bytes.length).append("}\r\n")
                .append(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private static byte[] header(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        return (end < 0 ? s : s.substring(0, end + 4)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] messageIdField(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : new String(header(body), StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase().startsWith("message-id:")) {
                out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static Set<Long> wanted(String set, Box b) {
        Set<Long> out = new java.util.HashSet<>();
        long last = b.uidNext - 1;
        for (String part : set.split(",")) {
            String[] r = part.split(":");
            long from = r[0].equals("*") ? last : Long.parseLong(r[0]);
            long to = r.length == 1 ? from : r[1].equals("*") ? last : Long.parseLong(r[1]);
            for (long u = Math.min(from, to); u <= Math.max(from, to); u++) {
                out.add(u);
            }
        }
        return out;
    }

    /** The quoted strings and atoms of a command's arguments, unquoted. */
    private static List<String> args(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED_OR_ATOM.matcher(text);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
        }
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void send(OutputStream out, String text) throws IOException {
        if (!text.isEmpty()) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
