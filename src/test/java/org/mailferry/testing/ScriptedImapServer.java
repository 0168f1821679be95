package org.mailferry.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny IMAP server (plain, or TLS from the start) for edge cases a real server will not produce
 * on demand: it answers the commands mailferry's reader sends for the folders it was given, and
 * can be told to misbehave (see the setters): extra or repeated FETCH responses, a huge literal
 * announced, ranged fetches answered without end, bodies sent slowly, UIDVALIDITY 0 or missing.
 * A {@code null} body is sent as {@code NIL}. One thread per connection.
 * {@link #ScriptedImapServer(List, String, Map)} names the folder (sent quoted, so it may hold
 * control characters) and replaces the answer to any command: the key is the command
 * ({@code "STARTTLS"}, {@code "LOGIN"}, or {@code "GREETING"} for the first line), the value the
 * whole answer with {@code {tag}} for the command's tag. Literals from the client are accepted.
 */
public final class ScriptedImapServer implements AutoCloseable {

    /** INTERNALDATE of messages that do not set one. */
    public static final String DEFAULT_DATE = "05-Nov-2026 09:03:02 +0000";

    /** One message: its UID, the size announced in RFC822.SIZE, its body (null: NIL) and INTERNALDATE as sent. */
    public record Message(long uid, long announcedSize, byte[] body, String internalDate) {
        public Message(long uid, long announcedSize, byte[] body) {
            this(uid, announcedSize, body, DEFAULT_DATE);
        }

        /** A message announced with its real size. */
        public static Message of(long uid, String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            return new Message(uid, b.length, b);
        }
    }

    private static final Pattern TAGGED = Pattern.compile("^(\\S+) (?:UID )?(\\S+)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)\\}$");
    private static final Pattern RANGE = Pattern.compile("BODY\\.PEEK\\[\\]<(\\d+)\\.(\\d+)>", Pattern.CASE_INSENSITIVE);

    private final ServerSocket listener;
    private final Map<String, List<Message>> folders = new LinkedHashMap<>();
    private final Map<String, String> uidValidity = new LinkedHashMap<>();
    private final Map<String, String> script;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile String extraBodyResponses = "";
    private volatile long hugeLiteralUid = -1;
    private volatile long refusedBodyUid = -1;
    private volatile boolean endlessRanges;
    private volatile int rangeCap = Integer.MAX_VALUE;
    private volatile int slowConnections;
    private volatile long slowByteMillis;
    private volatile int stallingConnections;
    private volatile boolean closed;
    private volatile java.util.function.BiFunction<String, String, String> rewrite = (command, reply) -> reply;

    public ScriptedImapServer(List<Message> messages) throws IOException {
        this(Map.of("INBOX", messages), null, Map.of());
    }

    public ScriptedImapServer(List<Message> messages, String folder, Map<String, String> script) throws IOException {
        this(Map.of(folder, messages), null, script);
    }

    private ScriptedImapServer(Map<String, List<Message>> folders, SSLContext tls, Map<String, String> script)
            throws IOException {
        folders.forEach((name, messages) -> this.folders.put(name, List.copyOf(messages)));
        this.script = Map.copyOf(script);
        this.listener = tls == null ? new ServerSocket(0, 10, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-imap");
        t.setDaemon(true);
        t.start();
    }

    /** Serves these messages in INBOX from now on (e.g. a body the server did not send before). */
    public void messages(List<Message> now) {
        synchronized (folders) {
            folders.replace("INBOX", List.copyOf(now));
        }
    }

    /** A plain server with these folders (in LIST order). */
    public static ScriptedImapServer plain(Map<String, List<Message>> folders) throws IOException {
        return new ScriptedImapServer(new LinkedHashMap<>(folders), null, Map.of());
    }

    /**
     * A server speaking TLS from the start with a self-signed certificate for 127.0.0.1, made in
     * {@code dir} by the JDK's keytool; {@link #certificate(Path)} is the PEM to trust.
     */
    public static ScriptedImapServer tls(Map<String, List<Message>> folders, Path dir) throws Exception {
        Path store = dir.resolve("scripted-imap.p12");
        if (!Files.exists(store)) {
            keytool("-genkeypair", "-alias", "imap", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "imap", "-keystore", store.toString(), "-storepass", "changeit",
                    "-file", certificate(dir).toString());
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new ScriptedImapServer(new LinkedHashMap<>(folders), ctx, Map.of());
    }

    /** The PEM certificate of a {@link #tls} server made in {@code dir}. */
    public static Path certificate(Path dir) {
        return dir.resolve("scripted-imap.pem");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every command line received so far, literals included, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** UIDVALIDITY of a folder as sent in EXAMINE and STATUS; {@code null}: not sent at all. */
    public ScriptedImapServer uidValidity(String folder, String value) {
        uidValidity.put(folder, value);
        return this;
    }

    /** Raw untagged responses sent after the answer to every whole-body FETCH. */
    public ScriptedImapServer extraBodyResponses(String responses) {
        this.extraBodyResponses = responses;
        return this;
    }

    /** The body of {@code uid} is announced as a literal of 2,000,000,000 bytes, of which a few follow. */
    public ScriptedImapServer hugeLiteralFor(long uid) {
        this.hugeLiteralUid = uid;
        return this;
    }

    /** Every ranged fetch ({@code BODY.PEEK[]<o.n>}) is answered with n bytes, past the end of the message too. */
    public ScriptedImapServer endlessRanges() {
        this.endlessRanges = true;
        return this;
    }

    /** Every ranged fetch is answered with at most {@code max} bytes, however many were asked for. */
    public ScriptedImapServer capRanges(int max) {
        this.rangeCap = max;
        return this;
    }

    /** The first {@code n} connections send FETCH answers one byte every {@code millis}. */
    public ScriptedImapServer slowFirstConnections(int n, long millis) {
        this.slowConnections = n;
        this.slowByteMillis = millis;
        return this;
    }

    /** Every FETCH of bodies whose UID set includes {@code uid} is answered NO (as Exchange does for a damaged item). */
    public ScriptedImapServer refuseBodyOf(long uid) {
        this.refusedBodyUid = uid;
        return this;
    }

    /**
     * Every untagged answer passes through {@code rewrite} before it is sent: it gets the command
     * line without its tag ({@code "UID FETCH 1:3 (UID BODY.PEEK[])"}, {@code "GREETING"}) and the
     * answer as it would be sent, and returns what is sent instead (the tagged OK follows).
     */
    public ScriptedImapServer rewrite(java.util.function.BiFunction<String, String, String> rewrite) {
        this.rewrite = rewrite;
        return this;
    }

    /** The first {@code n} connections send half of each FETCH answer, then nothing more (the connection stays open). */
    public ScriptedImapServer stallFirstConnections(int n) {
        this.stallingConnections = n;
        return this;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                int number = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, number <= slowConnections, number <= stallingConnections),
                        "scripted-imap-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, boolean slow) {
        serve(socket, slow, false);
    }

    private void serve(Socket socket, boolean slow, boolean stall) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            send(out, rewrite.apply("GREETING",
                    script.getOrDefault("GREETING", "* OK [CAPABILITY IMAP4rev1 UIDPLUS] scripted server ready\r\n")),
                    false);
            String line;
            String selected = "INBOX";
            while ((line = readCommand(in, out)) != null) {
                received.add(line);
                Matcher m = TAGGED.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String tag = m.group(1);
                String command = m.group(2).toUpperCase();
                String rest = m.group(3);
                if (script.containsKey(command)) {
                    send(out, script.get(command).replace("{tag}", tag), false);
                    continue;
                }
                if (command.equals("EXAMINE") || command.equals("SELECT")) {
                    selected = unquote(rest.trim());
                }
                List<Message> messages = folders.getOrDefault(selected, List.of());
                String reply = switch (command) {
                    case "CAPABILITY" -> "* CAPABILITY IMAP4rev1 UIDPLUS\r\n";
                    case "LIST" -> rest.contains("\"\" \"\"") ? "* LIST (\\Noselect) \"/\" \"\"\r\n" : list();
                    case "STATUS" -> status(unquote(rest.trim().split(" \\(")[0]));
                    case "EXAMINE", "SELECT" -> "* " + messages.size() + " EXISTS\r\n* 0 RECENT\r\n"
                            + "* FLAGS (\\Seen)\r\n* OK [PERMANENTFLAGS ()] none\r\n"
                            + validityLine(selected) + "* OK [UIDNEXT " + (lastUid(messages) + 1) + "] ok\r\n";
                    case "SEARCH" -> "* SEARCH" + uids(messages) + "\r\n";
                    case "FETCH" -> fetch(messages, rest);
                    case "LOGOUT" -> "* BYE bye\r\n";
                    default -> "";
                };
                if (reply == null) {
                    return; // the misbehaviour ends the connection
                }
                reply = rewrite.apply(line.substring(tag.length() + 1), reply);
                String status = command.equals("EXAMINE") ? "OK [READ-ONLY] done" : "OK done";
                if (command.equals("FETCH") && refusedBodyUid > 0 && rest.toUpperCase().contains("BODY")
                        && !rest.toUpperCase().contains("HEADER.FIELDS")
                        && wanted(messages, rest.trim().split(" ")[0]).contains(refusedBodyUid)) {
                    send(out, tag + " NO The requested item could not be found.\r\n", false);
                    continue;
                }
                if (stall && command.equals("FETCH") && reply.length() > 2) {
                    send(out, reply.substring(0, reply.length() / 2), false);
                    while (!closed && !socket.isClosed() && socket.getInputStream().read() >= 0) {
                        // silent until the client gives up on the answer and closes
                    }
                    return;
                }
                send(out, reply, slow && command.equals("FETCH"));
                send(out, tag + " " + status + "\r\n", false);
                if (command.equals("LOGOUT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String list() {
        StringBuilder sb = new StringBuilder();
        for (String name : folders.keySet()) {
            sb.append("* LIST (\\HasNoChildren) \"/\" ").append(quoted(name)).append("\r\n");
        }
        return sb.toString();
    }

    private String status(String folder) {
        List<Message> messages = folders.getOrDefault(folder, List.of());
        String v = uidValidity.containsKey(folder) ? uidValidity.get(folder) : "7";
        return "* STATUS " + quoted(folder) + " (" + (v == null ? "" : "UIDVALIDITY " + v + " ") + "UIDNEXT "
                + (lastUid(messages) + 1) + " MESSAGES " + messages.size() + ")\r\n";
    }

    private String validityLine(String folder) {
        String v = uidValidity.containsKey(folder) ? uidValidity.get(folder) : "7";
        return v == null ? "" : "* OK [UIDVALIDITY " + v + "] ok\r\n";
    }

    private String fetch(List<Message> messages, String rest) {
        StringBuilder out = new StringBuilder();
        String upper = rest.toUpperCase();
        boolean body = upper.contains("BODY.PEEK[]");
        boolean dateHeader = upper.contains("HEADER.FIELDS (DATE)");
        Matcher range = RANGE.matcher(rest);
        boolean ranged = range.find();
        Set<Long> wanted = wanted(messages, rest.trim().split(" ")[0]);
        int seq = 0;
        for (Message msg : messages) {
            seq++;
            if (!wanted.contains(msg.uid())) {
                continue;
            }
            out.append("* ").append(seq).append(" FETCH (UID ").append(msg.uid());
            if (ranged) {
                long from = Long.parseLong(range.group(1));
                int n = Math.min(rangeCap, Integer.parseInt(range.group(2)));
                byte[] part = part(msg.body(), from, n);
                out.append(" BODY[]<").append(from).append("> {").append(part.length).append("}\r\n")
                        .append(new String(part, StandardCharsets.ISO_8859_1));
            } else if (body) {
                if (msg.uid() == hugeLiteralUid) {
                    out.append(" BODY[] {2000000000}\r\n");
                    return out.toString() + "this is all there is";
                }
                if (msg.body() == null) {
                    out.append(" BODY[] NIL");
                } else {
                    out.append(" BODY[] {").append(msg.body().length).append("}\r\n")
                            .append(new String(msg.body(), StandardCharsets.ISO_8859_1));
                }
            } else if (dateHeader) {
                String date = dateHeader(msg.body());
                out.append(" RFC822.SIZE ").append(msg.announcedSize()).append(" FLAGS () BODY[HEADER.FIELDS (DATE)] {")
                        .append(date.length()).append("}\r\n").append(date);
            } else {
                out.append(" RFC822.SIZE ").append(msg.announcedSize())
                        .append(" FLAGS () INTERNALDATE \"").append(msg.internalDate()).append('"');
            }
            out.append(")\r\n");
        }
        if (body && !ranged) {
            out.append(extraBodyResponses);
        }
        return out.toString();
    }

    private byte[] part(byte[] body, long from, int n) {
        if (endlessRanges) {
            byte[] filler = new byte[n];
            java.util.Arrays.fill(filler, (byte) 'x');
            return filler;
        }
        if (body == null || from >= body.length) {
            return new byte[0];
        }
        return java.util.Arrays.copyOfRange(body, (int) from, (int) Math.min(body.length, from + n));
    }

    /** The Date: header line of a body (and the blank line ending the fields), as HEADER.FIELDS (DATE) returns it. */
    private static String dateHeader(byte[] body) {
        if (body != null) {
            for (String l : new String(body, StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (l.isEmpty()) {
                    break;
                }
                if (l.regionMatches(true, 0, "Date:", 0, 5)) {
                    return l + "\r\n\r\n";
                }
            }
        }
        return "\r\n";
    }

    private static Set<Long> wanted(List<Message> messages, String set) {
        Set<Long> out = new java.util.HashSet<>();
        for (String part : set.split(",")) {
            String[] r = part.split(":");
            long from = Long.parseLong(r[0]);
            long to = r.length == 1 ? from : r[1].equals("*") ? lastUid(messages) : Long.parseLong(r[1]);
            for (long u = Math.min(from, to); u <= Math.max(from, to); u++) {
                out.add(u);
            }
        }
        return out;
    }

    private static long lastUid(List<Message> messages) {
        return messages.stream().mapToLong(Message::uid).max().orElse(0);
    }

    private static String uids(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        messages.forEach(m -> sb.append(' ').append(m.uid()));
        return sb.toString();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
                ? s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\") : s;
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** One command line; a literal ({@code {n}} at the end) is read on, after a continuation. */
    private String readCommand(BufferedReader in, OutputStream out) throws IOException, InterruptedException {
        String line = in.readLine();
        StringBuilder b = new StringBuilder();
        while (line != null) {
            Matcher lit = LITERAL.matcher(line);
            if (!lit.find()) {
                return b.append(line).toString();
            }
            if (lit.group(2).isEmpty()) {
                send(out, "+ go on\r\n", false);
            }
            char[] chars = new char[Integer.parseInt(lit.group(1))];
            int n = 0;
            while (n < chars.length) {
                int r = in.read(chars, n, chars.length - n);
                if (r < 0) {
                    return null;
                }
                n += r;
            }
            b.append(line, 0, lit.start()).append('"').append(chars).append('"');
            line = in.readLine();
        }
        return null;
    }

    private void send(OutputStream out, String text, boolean slow) throws IOException, InterruptedException {
        if (text.isEmpty()) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (!slow) {
            out.write(bytes);
            out.flush();
            return;
        }
        for (byte b : bytes) {
            if (closed) {
                return;
            }
            out.write(b);
            out.flush();
            Thread.sleep(slowByteMillis);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
