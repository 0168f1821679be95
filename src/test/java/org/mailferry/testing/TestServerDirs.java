package org.mailferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where this checkout's test servers live, as {@code scripts/test-dirs.sh} says: env
 * {@code MAILFERRY_TEST_DIR} (Dovecot) and {@code MAILFERRY_TEST_PG_DIR} (PostgreSQL) when set, else
 * {@code /tmp/mailferry-<first 8 hex digits of the SHA-256 of the checkout's real path>/imap} and
 * {@code .../postgres}. Two checkouts on one machine therefore never share a server.
 */
public final class TestServerDirs {

    private TestServerDirs() {
    }

    /** The Dovecot test server's directory. */
    public static Path imap() {
        return fromEnvOr("MAILFERRY_TEST_DIR", "imap");
    }

    /** The PostgreSQL test cluster's directory. */
    public static Path postgres() {
        return fromEnvOr("MAILFERRY_TEST_PG_DIR", "postgres");
    }

    /** /tmp/mailferry-HASH of {@code checkout}. */
    static Path serversDir(Path checkout) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(checkout.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/tmp", "mailferry-" + HexFormat.of().formatHex(digest).substring(0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout root: -Dmailferry.root, env MAILFERRY_ROOT, or the nearest parent with scripts/. */
    static Path projectRoot() {
        String explicit = System.getProperty("mailferry.root", System.getenv("MAILFERRY_ROOT"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/test-imap-server.sh"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find scripts/test-imap-server.sh above " + Path.of("").toAbsolutePath()
                + "; set -Dmailferry.root or MAILFERRY_ROOT to the checkout");
    }

    private static Path fromEnvOr(String variable, String name) {
        String d = System.getenv(variable);
        return d == null || d.isBlank() ? serversDir(projectRoot()).resolve(name) : Path.of(d);
    }
}
