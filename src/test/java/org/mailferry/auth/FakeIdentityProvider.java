package org.mailferry.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A local HTTPS server playing an identity provider's token endpoints for tests: answers are
 * scripted per path ({@link #enqueue}; when a path's queue is empty its last answer repeats),
 * every request is recorded with its form fields. Its
 * certificate (for 127.0.0.1, made once per JVM with keytool) is trusted only by
 * {@link #http()}. Microsoft paths: {@code /TENANT/oauth2/v2.0/devicecode} and
 * {@code /TENANT/oauth2/v2.0/token}; anything else as scripted.
 */
final class FakeIdentityProvider implements AutoCloseable {

    record Request(String path, Map<String, String> form) {
    }

    private record Answer(int status, String json) {
    }

    private static KeyStore keyStore;

    private final HttpsServer server;
    private final SSLContext clientContext;
    private final Map<String, Deque<Answer>> script = new HashMap<>();
    private final Map<String, Answer> lastServed = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    FakeIdentityProvider() throws Exception {
        KeyStore ks = keyStore();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", this::handle);
        server.start();
    }

    /** HTTPS settings that trust this server. */
    OAuthHttp http() {
        return new OAuthHttp(clientContext, Duration.ofSeconds(10));
    }

    URI base() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    synchronized void enqueue(String path, int status, String json) {
        script.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Answer(status, json));
    }

    synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Answer answer;
        synchronized (this) {
            requests.add(new Request(path, form(body)));
            Deque<Answer> q = script.get(path);
            answer = q != null && !q.isEmpty() ? q.poll() : lastServed.getOrDefault(path,
                    new Answer(500, "{\"error\":\"unscripted\",\"error_description\":\"" + path + "\"}"));
            lastServed.put(path, answer);
        }
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------
    // Microsoft answers
    // ---------------------------------------------------------------------------------------------

    static String deviceCodeAnswer() {
        return "{\"user_code\":\"ABCD-1234\",\"device_code\":\"dc-1\",\"verification_uri\":\"https://microsoft.com/devicelogin\","
                + "\"expires_in\":900,\"interval\":1,\"message\":\"To sign in, use a web browser.\"}";
    }

    /** A token answer as Entra ID gives it, with an ID token and client_info for MSAL's account cache. */
    String microsoftToken(String accessToken, String refreshToken, long expiresIn, String username, String clientId) {
        long now = System.currentTimeMillis() / 1000;
        String idClaims = "{\"aud\":\"" + clientId + "\",\"iss\":\"" + base() + "tid-1/v2.0\",\"iat\":" + now
                + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600) + ",\"name\":\"Test User\",\"oid\":\"uid-1\","
                + "\"preferred_username\":\"" + username + "\",\"sub\":\"sub-1\",\"tid\":\"tid-1\",\"ver\":\"2.0\"}";
        String idToken = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(idClaims) + ".";
        return "{\"token_type\":\"Bearer\",\"scope\":\"https://outlook.office.com/IMAP.AccessAsUser.All openid profile"
                + " offline_access\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":" + expiresIn
                + ",\"access_token\":\"" + accessToken + "\"" + (refreshToken == null ? "" : ",\"refresh_token\":\""
                + refreshToken + "\"") + ",\"id_token\":\"" + idToken + "\",\"client_info\":\""
                + b64("{\"uid\":\"uid-1\",\"utid\":\"tid-1\"}") + "\"}";
    }

    static String appToken(String accessToken, long expiresIn) {
        return "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":" + expiresIn
                + ",\"access_token\":\"" + accessToken + "\"}";
    }

    static String error(String error, String description) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\",\"error_codes\":[0]}";
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static synchronized KeyStore keyStore() throws Exception {
        if (keyStore == null) {
            Path dir = Files.createTempDirectory("fake-idp");
            Path p12 = dir.resolve("idp.p12");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "idp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "changeit".toCharArray());
            }
            keyStore = ks;
        }
        return keyStore;
    }
}
