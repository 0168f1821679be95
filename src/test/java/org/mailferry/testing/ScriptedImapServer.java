package org.mailferry.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny plain-text IMAP server with one folder, INBOX, for edge cases a real server will not
 * produce on demand: it answers the commands mailferry's reader sends, and serves the bodies it
 * was given, where a {@code null} body is sent as {@code NIL}. One thread per connection.
 * {@link #ScriptedImapServer(List, String, Map)} names the folder (sent quoted, so it may hold
 * control characters) and replaces the answer to any command: the key is the command
 * ({@code "STARTTLS"}, {@code "LOGIN"}, or {@code "GREETING"} for the first line), the value the
 * whole answer with {@code {tag}} for the command's tag. Literals from the client are accepted.
 */
public final class ScriptedImapServer implements AutoCloseable {

    /** One message: its UID, the size announced in RFC822.SIZE, and its body (null: NIL). */
    public record Message(long uid, long announcedSize, byte[] body) {
    }

    private static final Pattern TAGGED = Pattern.compile("^(\\S+) (?:UID )?(\\S+)(.*)$", Pattern.CASE_INSENSITIVE);

    private final ServerSocket listener;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)\\}$");

    private final List<Message> messages;
    private final String folder;
    private final Map<String, String> script;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ScriptedImapServer(List<Message> messages) throws IOException {
        this(messages, "INBOX", Map.of());
    }

    public ScriptedImapServer(List<Message> messages, String folder, Map<String, String> script) throws IOException {
        this.messages = List.copyOf(messages);
        this.folder = folder;
        this.script = Map.copyOf(script);
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-imap");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every command line received so far, literals included, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s), "scripted-imap-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            send(out, script.getOrDefault("GREETING", "* OK [CAPABILITY IMAP4rev1 UIDPLUS] scripted server ready\r\n"));
            String line;
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
                    send(out, script.get(command).replace("{tag}", tag));
                    continue;
                }
                String reply = switch (command) {
                    case "CAPABILITY" -> "* CAPABILITY IMAP4rev1 UIDPLUS\r\n";
                    case "LIST" -> rest.contains("\"\" \"\"") ? "* LIST (\\Noselect) \"/\" \"\"\r\n"
                            : "* LIST (\\HasNoChildren) \"/\" " + quoted(folder) + "\r\n";
                    case "STATUS" -> "* STATUS " + quoted(folder) + " (UIDVALIDITY 7 UIDNEXT " + (lastUid() + 1) + " MESSAGES "
                            + messages.size() + ")\r\n";
                    case "EXAMINE", "SELECT" -> "* " + messages.size() + " EXISTS\r\n* 0 RECENT\r\n"
                            + "* FLAGS (\\Seen)\r\n* OK [PERMANENTFLAGS ()] none\r\n* OK [UIDVALIDITY 7] ok\r\n"
                            + "* OK [UIDNEXT " + (lastUid() + 1) + "] ok\r\n";
                    case "SEARCH" -> "* SEARCH" + uids() + "\r\n";
                    case "FETCH" -> fetch(rest);
                    case "LOGOUT" -> "* BYE bye\r\n";
                    default -> "";
                };
                String status = command.equals("EXAMINE") ? "OK [READ-ONLY] done" : "OK done";
                send(out, reply);
                send(out, tag + " " + status + "\r\n");
                if (command.equals("LOGOUT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** One command line; a literal ({@code {n}} at the end) is read on, after a continuation. */
    private static String readCommand(BufferedReader in, OutputStream out) throws IOException {
        String line = in.readLine();
        StringBuilder b = new StringBuilder();
        while (line != null) {
            Matcher lit = LITERAL.matcher(line);
            if (!lit.find()) {
                return b.append(line).toString();
            }
            if (lit.group(2).isEmpty()) {
                send(out, "+ go on\r\n");
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

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String fetch(String rest) {
        StringBuilder out = new StringBuilder();
        boolean body = rest.toUpperCase().contains("BODY.PEEK[]");
        Set<Long> wanted = wanted(rest.trim().split(" ")[0]);
        int seq = 0;
        for (Message msg : messages) {
            seq++;
            if (!wanted.contains(msg.uid())) {
                continue;
            }
            out.append("* ").append(seq).append(" FETCH (UID ").append(msg.uid());
            if (body) {
                if (msg.body() == null) {
                    out.append(" BODY[] NIL");
                } else {
                    out.append(" BODY[] {").append(msg.body().length).append("}\r\n")
                            .append(new String(msg.body(), StandardCharsets.ISO_8859_1));
                }
            } else {
                out.append(" RFC822.SIZE ").append(msg.announcedSize())
                        .append(" FLAGS () INTERNALDATE \"05-Nov-2026 09:03:02 +0000\"");
            }
            out.append(")\r\n");
        }
        return out.toString();
    }

    private Set<Long> wanted(String set) {
        Set<Long> out = new java.util.HashSet<>();
        for (String part : set.split(",")) {
            String[] r = part.split(":");
            long from = Long.parseLong(r[0]);
            long to = r.length == 1 ? from : r[1].equals("*") ? lastUid() : Long.parseLong(r[1]);
            for (long u = Math.min(from, to); u <= Math.max(from, to); u++) {
                out.add(u);
            }
        }
        return out;
    }

    private long lastUid() {
        return messages.stream().mapToLong(Message::uid).max().orElse(0);
    }

    private String uids() {
        StringBuilder sb = new StringBuilder();
        messages.forEach(m -> sb.append(' ').append(m.uid()));
        return sb.toString();
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
