package org.mailferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL test cluster started by {@code scripts/test-postgres.sh} (Debian's packages, own
 * cluster on 127.0.0.1). Reads {@code DIR/env} (DIR = this checkout's {@link TestServerDirs#postgres()}). When it does not answer: with env {@code CI} set the test
 * fails at once (CI must start it in {@code .ci/run}); locally the script's {@code start} is run
 * once per JVM. Each test class takes a database of its own ({@link #newDatabase}).
 *
 * <pre>{@code
 * TestPostgres pg = TestPostgres.get();
 * String url = pg.newDatabase();   // jdbc:postgresql://127.0.0.1:55439/mf_4f2a...
 * ... --job-db url --job-db-user pg.user() --job-db-password-file pg.passwordFile()
 * }</pre>
 */
public final class TestPostgres {

    private static TestPostgres instance;
    private static boolean startAttempted;
    private static String startOutput = "";

    private final Map<String, String> env;

    private TestPostgres(Map<String, String> env) {
        this.env = env;
    }

    /** The running cluster; starts it locally if needed, fails with instructions otherwise. */
    public static synchronized TestPostgres get() {
        if (instance != null && instance.answers()) {
            return instance;
        }
        Path dir = TestServerDirs.postgres();
        TestPostgres pg = load(dir);
        if (pg != null && pg.answers()) {
            return instance = pg;
        }
        Path script = TestServerDirs.projectRoot().resolve("scripts/test-postgres.sh");
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            throw new AssertionError("The PostgreSQL test cluster is not running (CI is set, so tests do not start it"
                    + " themselves). .ci/run must run '" + script + " start' before the tests; expected "
                    + dir.resolve("env") + " and a cluster accepting its login.");
        }
        if (!startAttempted) {
            startAttempted = true;
            startOutput = start(script, dir);
            pg = load(dir);
            if (pg != null && pg.answers()) {
                return instance = pg;
            }
        }
        throw new AssertionError("The PostgreSQL test cluster is not running and could not be started: run " + script
                + " start (as root). Output of the start attempt:\n" + startOutput);
    }

    public String user() {
        return env.get("USER");
    }

    public Path passwordFile() {
        return Path.of(env.get("PASSWORD_FILE"));
    }

    /** A new, empty database owned by the test role; its JDBC URL. */
    public String newDatabase() {
        String name = "mf_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = connect(env.get("JDBC_URL")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return "jdbc:postgresql://" + env.get("HOST") + ":" + env.get("PORT") + "/" + name;
    }

    /** A connection to {@code url} as the test role. */
    public Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    /** The test role's password. */
    public String password() {
        try {
            return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + passwordFile(), e);
        }
    }

    private boolean answers() {
        try (Connection c = connect(env.get("JDBC_URL"))) {
            return c.isValid(5);
        } catch (SQLException | AssertionError e) {
            return false;
        }
    }

    private static TestPostgres load(Path dir) {
        Path file = dir.resolve("env");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            return new TestPostgres(Map.copyOf(env));
        } catch (IOException e) {
            return null;
        }
    }

    private static String start(Path script, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), "start")).redirectErrorStream(true);
            pb.environment().put("MAILFERRY_TEST_PG_DIR", dir.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
