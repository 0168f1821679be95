package org.mailferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The real Dovecot test server started by {@code scripts/test-imap-server.sh}.
 *
 * <p>Reads {@code DIR/env} (DIR = this checkout's {@link TestServerDirs#imap()}). When the server does not answer: with env {@code CI} set the
 * test fails at once with instructions (CI must start it in {@code .ci/run}); locally the script's
 * {@code start} is run once per JVM, then the test fails with a clear message if it still does not
 * answer.
 *
 * <p>Users: {@code user01}..{@code user20} (one per test class; call {@link #resetUser} first),
 * {@code sepdot} (separator "."), {@code nsprefix} (namespace prefix "INBOX." and separator "."),
 * {@code small} (APPEND over 1 MiB refused).
 *
 * <pre>{@code
 * TestImapServer imap = TestImapServer.get();
 * imap.resetUser("user07");
 * imap.fillCorpus("user07", "nasty", 1, "--no-huge");
 * ImapSnapshot before = ImapSnapshot.take(imap, "user07");
 * }</pre>
 */
public final class TestImapServer {

    /**
     * Users whose separator is "." ({@code sepdot}, {@code sepdot2}, {@code sepdot3}) and whose
     * APPEND limit is 1 MiB ({@code small}, {@code small2}): several of a kind, one per test class,
     * because test classes run at the same time in separate JVMs.
     */
    public static final String SEPDOT_USER = "sepdot";

    /** Script commands that wipe the accounts named by their first argument (a prefix for serve-copies). */
    private static final Set<String> WIPING_COMMANDS = Set.of("reset", "serve-maildir", "serve-copies");
    public static final String SEPDOT_USER_2 = "sepdot2";
    public static final String SEPDOT_USER_3 = "sepdot3";
    public static final String SMALL_USER = "small";
    public static final String SMALL_USER_2 = "small2";
    /** Personal namespace prefix "INBOX." with separator "." (Cyrus style). */
    public static final String NSPREFIX_USER = "nsprefix";
    public static final long SMALL_USER_LIMIT = 1024 * 1024;

    private static final Object LOCK = new Object();
    private static boolean startAttempted;
    private static String startOutput = "";
    private static TestImapServer instance;

    private final Path dir;
    private final Path projectRoot;
    private final Map<String, String> env;

    private TestImapServer(Path dir, Path projectRoot, Map<String, String> env) {
        this.dir = dir;
        this.projectRoot = projectRoot;
        this.env = env;
    }

    /** The running server; starts it locally if needed, fails with instructions otherwise. */
    public static TestImapServer get() {
        synchronized (LOCK) {
            if (instance != null && instance.answers()) {
                return instance;
            }
            Path dir = TestServerDirs.imap();
            Path root = TestServerDirs.projectRoot();
            TestImapServer server = tryLoad(dir, root);
            if (server != null && server.answers()) {
                return instance = server;
            }
            boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
            String how = "Start it with:  " + root.resolve("scripts/test-imap-server.sh") + " start"
                    + "  (MAILFERRY_TEST_DIR=" + dir + ")";
            if (ci) {
                throw new AssertionError("The Dovecot test server is not running (CI is set, so tests do not"
                        + " start it themselves). .ci/run must run 'scripts/test-imap-server.sh start' before"
                        + " the tests. " + how + ". Expected " + dir.resolve("env") + " and a server"
                        + " answering on its IMAPS_PORT.");
            }
            if (!startAttempted) {
                startAttempted = true;
                try {
                    Result r = run(root, dir, List.of("bash", root.resolve("scripts/test-imap-server.sh").toString(),
                            "start"), 900);
                    startOutput = r.output();
                } catch (IOException e) {
                    startOutput = e.toString();
                }
                server = tryLoad(dir, root);
                if (server != null && server.answers()) {
                    return instance = server;
                }
            }
            throw new AssertionError("The Dovecot test server is not running and could not be started. " + how
                    + ". Output of the start attempt:\n" + startOutput);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Connection details
    // ------------------------------------------------------------------------------------------

    public String host() {
        return env.getOrDefault("HOST", "127.0.0.1");
    }

    /** IMAP over implicit TLS, certificate for localhost/127.0.0.1 ({@link #cert()}). */
    public int imapsPort() {
        return Integer.parseInt(require("IMAPS_PORT"));
    }

    /** Plain IMAP port offering STARTTLS (same certificate). */
    public int imapPort() {
        return Integer.parseInt(require("IMAP_PORT"));
    }

    /**
     * IMAPS port whose certificate is for {@code wrong.example}; it is signed by {@link #cert()},
     * so a client trusting {@link #cert()} fails on the host name only.
     */
    public int imapsWrongNamePort() {
        return Integer.parseInt(require("IMAPS_WRONGNAME_PORT"));
    }

    /** PEM of the good self-signed certificate (SAN DNS:localhost, IP:127.0.0.1). */
    public Path cert() {
        return Path.of(require("CERT"));
    }

    /** PEM of the wrong-name certificate (CN/SAN wrong.example). */
    public Path wrongNameCert() {
        return Path.of(require("WRONGNAME_CERT"));
    }

    public Path passwordDir() {
        return Path.of(require("PASSWORD_DIR"));
    }

    /** Root of all users' mail ({@code MAIL_DIR/<user>/Maildir}). */
    public Path mailDir() {
        return Path.of(require("MAIL_DIR"));
    }

    /** Maildir of a user (Dovecot's Maildir++ layout; only for reading in tests). */
    public Path maildirOf(String user) {
        return mailDir().resolve(user).resolve("Maildir");
    }

    public Path dovecotConf() {
        return Path.of(require("DOVECOT_CONF"));
    }

    public Path dovecotLog() {
        return Path.of(env.getOrDefault("DOVECOT_LOG", dir.resolve("dovecot.log").toString()));
    }

    /** The state directory (MAILFERRY_TEST_DIR). */
    public Path dir() {
        return dir;
    }

    public Path projectRoot() {
        return projectRoot;
    }

    /** All KEY=value pairs of DIR/env. */
    public Map<String, String> env() {
        return env;
    }

    /** "user01".."user80". */
    public static String user(int n) {
        if (n < 1 || n > 80) {
            throw new IllegalArgumentException("test users are user01..user80, not " + n);
        }
        return String.format("user%02d", n);
    }

    /** File holding the user's password (mode 0600), for a CLI's --password-file. */
    public Path passwordFile(String user) {
        Path p = passwordDir().resolve(user);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no test user '" + user + "' (no " + p + ")");
        }
        return p;
    }

    public String password(String user) {
        try {
            return Files.readString(passwordFile(user), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read password of " + user, e);
        }
    }

    /** An SSLContext that trusts only {@link #cert()} (which also signed the wrong-name one). */
    public SSLContext sslContext() {
        return sslContextTrusting(cert());
    }

    /** An SSLContext whose only trust anchors are the certificates in a PEM file. */
    public static SSLContext sslContextTrusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalStateException("no certificate in " + pem);
            }
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("cert" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load certificate " + pem, e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Account control
    // ------------------------------------------------------------------------------------------

    /** Empties every folder of the user (the special-use folders come back empty). */
    public void resetUser(String user) {
        script("reset", user);
    }

    /**
     * Serves a Maildir tree as a new user {@code name} (copied under DIR/served/name unless
     * {@code --in-place} is among the options; {@code --layout fs} for sub-directory folders).
     * Returns the user name; its password is {@link #password(String) password(name)}.
     */
    public String serveMaildir(String name, Path maildir, String... options) {
        List<String> args = new ArrayList<>(List.of("serve-maildir", name, maildir.toAbsolutePath().toString()));
        args.addAll(List.of(options));
        script(args.toArray(String[]::new));
        return name;
    }

    /**
     * Runs scripts/test-imap-server.sh with the given arguments; fails on a non-zero exit. The
     * commands that wipe accounts (reset, serve-maildir, serve-copies) make {@link ImapSnapshot}
     * forget their bodies: Dovecot may give a wiped account's folders an old UIDVALIDITY back.
     */
    public String script(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", projectRoot.resolve("scripts/test-imap-server.sh").toString()));
        cmd.addAll(List.of(args));
        String out = runOrFail(cmd, 300);
        if (args.length > 0 && WIPING_COMMANDS.contains(args[0])) {
            Arrays.stream(args).skip(1).filter(a -> !a.startsWith("-")).findFirst()
                    .ifPresent(ImapSnapshot::forgetBodies);
        }
        return out;
    }

    /**
     * Fills the account through IMAP APPEND with scripts/make-corpus.py (profile nasty, bench or
     * demo) and returns its summary. Extra arguments are passed on, e.g. {@code "--no-huge"},
     * {@code "--messages", "500"}. Fails if the script exits non-zero (e.g. the account is not
     * empty: call {@link #resetUser} first).
     */
    public CorpusSummary fillCorpus(String user, String profile, long seed, String... extraArgs) {
        try {
            Path summary = Files.createTempFile("mailferry-corpus-", ".json");
            try {
                List<String> cmd = new ArrayList<>(List.of("python3", projectRoot.resolve("scripts/make-corpus.py").toString(),
                        "--host", host(), "--port", String.valueOf(imapsPort()), "--user", user,
                        "--password-file", passwordFile(user).toString(), "--cafile", cert().toString(),
                        "--profile", profile, "--seed", String.valueOf(seed), "--quiet",
                        "--summary-json", summary.toString()));
                cmd.addAll(List.of(extraArgs));
                runOrFail(cmd, 900);
                return CorpusSummary.read(summary);
            } finally {
                Files.deleteIfExists(summary);
            }
        } catch (IOException e) {
            throw new IllegalStateException("make-corpus.py failed to run", e);
        }
    }

    /** What make-corpus.py appended: per folder ('/'-joined decoded names) messages and bytes. */
    public record CorpusSummary(String profile, long seed, long messages, long bytes,
                                Map<String, Long> messagesPerFolder, Map<String, Long> bytesPerFolder) {

        static CorpusSummary read(Path json) {
            JsonNode root = new ObjectMapper().readTree(json);
            Map<String, Long> counts = new LinkedHashMap<>();
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.path("folders").properties()) {
                counts.put(e.getKey(), e.getValue().path("messages").asLong());
                sizes.put(e.getKey(), e.getValue().path("bytes").asLong());
            }
            return new CorpusSummary(root.path("profile").asString(), root.path("seed").asLong(),
                    root.path("messages").asLong(), root.path("bytes").asLong(), Map.copyOf(counts), Map.copyOf(sizes));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------

    private String require(String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("no " + key + " in " + dir.resolve("env")
                    + "; restart the server with a current scripts/test-imap-server.sh");
        }
        return v;
    }

    private boolean answers() {
        String port = env.get("IMAPS_PORT");
        if (port == null) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host(), Integer.parseInt(port)), 2000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static TestImapServer tryLoad(Path dir, Path root) {
        Path envFile = dir.resolve("env");
        if (!Files.isRegularFile(envFile)) {
            return null;
        }
        try {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            return new TestImapServer(dir, root, Map.copyOf(env));
        } catch (IOException e) {
            return null;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path root, Path dir, List<String> cmd, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("MAILFERRY_TEST_DIR", dir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        // Read output on another thread so that a full pipe never blocks the child.
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // process ended
            }
        }, "test-imap-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        return new Result(p.exitValue(), out.toString());
    }

    private String runOrFail(List<String> cmd, long timeoutSeconds) {
        Result r;
        try {
            r = run(projectRoot, dir, cmd, timeoutSeconds);
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
        if (r.exitCode() != 0) {
            throw new AssertionError("command failed (exit " + r.exitCode() + "): " + String.join(" ", cmd)
                    + "\n" + r.output());
        }
        return r.output();
    }
}
