package org.mailferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A TCP proxy between an IMAP client and a plain-text IMAP server that injects the faults real
 * links and real providers produce: a connection cut in the middle of a server response, and a
 * tagged {@code NO} with a throttling text in place of the server's answer (optionally followed by
 * a disconnect, as Exchange does). Each rule fires a limited number of times; counters say how
 * often. Thread-safe; one thread pair per connection.
 */
public final class FaultProxy implements AutoCloseable {

    /** A fault triggered by a client command line matching {@code command}. */
    public sealed interface Rule permits CutResponse, Answer {
        Pattern command();

        AtomicInteger remaining();
    }

    /** Forwards {@code afterBytes} bytes of the server's response, then drops both sockets. */
    public record CutResponse(Pattern command, long afterBytes, AtomicInteger remaining) implements Rule {
    }

    /** Answers the command itself with {@code TAG <text>} instead of the server; then disconnects if asked. */
    public record Answer(Pattern command, String text, boolean disconnect, AtomicInteger remaining) implements Rule {
    }

    public static Rule cutResponse(String commandRegex, long afterBytes, int times) {
        return new CutResponse(Pattern.compile(commandRegex, Pattern.CASE_INSENSITIVE), afterBytes, new AtomicInteger(times));
    }

    public static Rule answer(String commandRegex, String text, boolean disconnect, int times) {
        return new Answer(Pattern.compile(commandRegex, Pattern.CASE_INSENSITIVE), text, disconnect, new AtomicInteger(times));
    }

    private static final Pattern LITERAL_PLUS = Pattern.compile("\\{(\\d+)\\+\\}\\r?\\n$");

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private volatile boolean closed;
    private volatile int refuseFrom;
    private volatile int refuseUntil;

    public FaultProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public FaultProxy with(Rule rule) {
        rules.add(rule);
        return this;
    }

    /**
     * Closes client connections number {@code first} to {@code first + count - 1} (1 is the first
     * accepted) as soon as they open, before the server's greeting: a server at its connection limit.
     */
    public FaultProxy refusingConnections(int first, int count) {
        refuseFrom = first;
        refuseUntil = first + count;
        return this;
    }

    /** Client connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Faults injected so far. */
    public int faults() {
        return faults.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                int n = connections.incrementAndGet();
                if (n >= refuseFrom && n < refuseUntil) {
                    faults.incrementAndGet();
                    client.close();
                    continue;
                }
                Socket server = new Socket(host, port);
                new Link(client, server).start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One proxied connection: a client-to-server and a server-to-client pump. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile CutResponse pendingCut;
        private volatile long serverBytesAtCommand;
        private long serverBytes;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::clientToServer, "fault-proxy-up");
            Thread down = new Thread(this::serverToClient, "fault-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void clientToServer() {
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    line.write(b);
                    if (b != '\n') {
                        continue;
                    }
                    byte[] bytes = line.toByteArray();
                    line.reset();
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    if (inject(text)) {
                        swallowLiterals(text, in);
                        continue;
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                // link closed
            } finally {
                closeBoth();
            }
        }

        /**
         * Drops the rest of a command the proxy answered itself: the non-synchronizing literals
         * ({@code {n+}}, LITERAL+) the client sends without waiting, and the lines between them
         * (MULTIAPPEND), so they never reach the server as commands.
         */
        private void swallowLiterals(String line, InputStream in) throws IOException {
            java.util.regex.Matcher m = LITERAL_PLUS.matcher(line);
            while (m.find()) {
                in.readNBytes(Integer.parseInt(m.group(1)));
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    rest.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
                m = LITERAL_PLUS.matcher(new String(rest.toByteArray(), StandardCharsets.ISO_8859_1));
            }
        }

        /** Applies the first matching rule; true when the line must not reach the server. */
        private boolean inject(String commandLine) throws IOException {
            for (Rule r : rules) {
                if (!r.command().matcher(commandLine).find() || r.remaining().get() <= 0
                        || r.remaining().decrementAndGet() < 0) {
                    continue;
                }
                faults.incrementAndGet();
                if (r instanceof CutResponse c) {
                    synchronized (this) {
                        serverBytesAtCommand = serverBytes;
                        pendingCut = c;
                    }
                    return false;
                }
                Answer a = (Answer) r;
                String tag = commandLine.substring(0, Math.max(0, commandLine.indexOf(' ')));
                synchronized (this) {
                    OutputStream toClient = client.getOutputStream();
                    toClient.write((tag + " " + a.text() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                }
                if (a.disconnect()) {
                    closeBoth();
                }
                return true;
            }
            return false;
        }

        private void serverToClient() {
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) != -1) {
                    synchronized (this) {
                        CutResponse cut = pendingCut;
                        if (cut != null && serverBytes + n - serverBytesAtCommand >= cut.afterBytes()) {
                            int allowed = (int) Math.max(0, cut.afterBytes() - (serverBytes - serverBytesAtCommand));
                            out.write(buf, 0, allowed);
                            out.flush();
                            closeBoth();
                            return;
                        }
                        serverBytes += n;
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // link closed
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
