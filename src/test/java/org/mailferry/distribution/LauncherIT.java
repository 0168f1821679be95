package org.mailferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher ({@code scripts/mailferry}) as the tarball and {@code scripts/install.sh} install
 * it ({@code PREFIX/bin/mailferry} beside {@code PREFIX/lib/mailferry/mailferry.jar}), run with
 * the packaged jar: which Java it accepts, the JVM options it passes, and its fast-start cache.
 */
class LauncherIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path tmp;

    static Path prefix;
    static Path launcher;
    static Path java;

    @BeforeAll
    static void install() throws IOException {
        prefix = tmp.resolve("prefix");
        launcher = installAt(prefix);
        java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
    }

    static Path installAt(Path root) throws IOException {
        Path jar = Path.of(System.getProperty("mailferry.jar", "target/mailferry.jar"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/mailferry"));
        Path bin = root.resolve("bin/mailferry");
        Files.copy(Path.of("scripts/mailferry"), bin, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(jar, root.resolve("lib/mailferry/mailferry.jar"), StandardCopyOption.REPLACE_EXISTING);
        return bin;
    }

    /** The environment of a user whose Java is the test JVM's, with a cache of the test's own. */
    private static Map<String, String> env(Path cacheHome) {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("XDG_CACHE_HOME", cacheHome.toString());
        env.put("MAILFERRY_JAVA_OPTS", null);
        env.put("MAILFERRY_NO_CDS", null);
        return env;
    }

    @Test
    void mailferryJavaOptsShouldBeAddedAfterTheTunedOptions() throws Exception {
        Map<String, String> env = env(tmp.resolve("cache-opts"));
        env.put("MAILFERRY_NO_CDS", "1");
        env.put("MAILFERRY_JAVA_OPTS", "-Xmx300m  -XX:+PrintFlagsFinal");

        Program.Result r = Program.run(env, TIMEOUT, launcher.toString(), "--version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as("the added option wins over the default -Xmx256m")
                .containsPattern("size_t MaxHeapSize += 314572800 ");
        assertThat(r.out()).as("the tuned defaults are still there")
                .containsPattern("size_t InitialHeapSize += 100663296 ")
                .containsPattern("bool UseSerialGC += true ")
                .containsPattern("intx Tier4InvocationThreshold += 60000 ");
        assertThat(r.out()).contains("mailferry ").contains("Java " + System.getProperty("java.version"));
    }

    @ParameterizedTest
    @CsvSource({"11.0.22, 11", "1.8.0_392, 8"})
    void aJavaOlderThan17ShouldBeRefusedWithWhatToInstall(String release, String major) throws Exception {
        Path home = tmp.resolve("jdk-" + major);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + release + "\"\n");
        Path fakeJava = home.resolve("bin/java");
        Files.writeString(fakeJava, "#!/bin/sh\necho 'this java must not run' >&2\nexit 99\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = env(tmp.resolve("cache-old"));
        env.put("JAVA_HOME", home.toString());

        Program.Result r = Program.run(env, TIMEOUT, launcher.toString(), "--version");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("mailferry: needs Java 17 or newer, but " + fakeJava.toRealPath() + " is Java "
                + major + "; install one (Debian/Ubuntu: apt install openjdk-17-jre-headless; Fedora: dnf install "
                + "java-17-openjdk-headless) or set JAVA_HOME to it\n");
    }

    @Test
    void noJavaAtAllShouldSayWhatToInstall() throws Exception {
        // A PATH with the tools the launcher uses, but no java.
        Path tools = tmp.resolve("tools-without-java");
        Files.createDirectories(tools);
        for (String tool : List.of("bash", "readlink", "dirname")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        Map<String, String> env = env(tmp.resolve("cache-none"));
        env.put("JAVA_HOME", null);
        env.put("PATH", tools.toString());

        Program.Result r = Program.run(env, TIMEOUT, launcher.toString(), "--version");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("mailferry: needs Java 17 or newer and found none (no JAVA_HOME, no java on PATH); "
                + "install one (Debian/Ubuntu: apt install openjdk-17-jre-headless;");
    }

    @Test
    void firstRunShouldTrainOfflineKeepOneEntryPerInstallAndLaterRunsShouldMapIt() throws Exception {
        Path cacheHome = tmp.resolve("cache-cds");
        Path root = cacheHome.resolve("mailferry");
        Path installedJar = prefix.resolve("lib/mailferry/mailferry.jar").toRealPath();
        // What earlier runs may have left: entries of a removed and of a replaced jar, an entry of
        // another installation that is still there, and entries of an earlier launcher.
        entry(root.resolve("removed-jar"), "/nonexistent/lib/mailferry/mailferry.jar\n1 1\n" + java + "\n" + mtime(java));
        entry(root.resolve("replaced-jar"), installedJar + "\n1 1\n" + java + "\n" + mtime(java));
        installAt(tmp.resolve("other-prefix"));
        Path otherJar = tmp.resolve("other-prefix/lib/mailferry/mailferry.jar").toRealPath();
        entry(root.resolve("other-install"), identity(otherJar));
        Path oldLegacy = Files.createDirectories(root.resolve("legacy-old"));
        Files.setLastModifiedTime(oldLegacy, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.createDirectories(root.resolve("legacy-in-preparation"));
        Map<String, String> env = env(cacheHome);

        List<String> first = new ArrayList<>();
        Path trace = tmp.resolve("connect.trace");
        boolean traced = Program.onPath("strace");
        if (traced) {
            first.addAll(List.of("strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect", "-o", trace.toString()));
        }
        first.addAll(List.of(launcher.toString(), "--version"));
        Program.Result r = Program.run(env, TIMEOUT, first);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("mailferry ").contains(" in " + System.getProperty("java.home"));
        List<Path> entries = entries(root);
        Path made = entries.stream().filter(e -> !e.getFileName().toString().startsWith("other")
                && !e.getFileName().toString().startsWith("legacy")).findFirst().orElseThrow();
        assertThat(entries).containsExactlyInAnyOrder(made, root.resolve("other-install"), root.resolve("legacy-in-preparation"));
        assertThat(made.resolve("app.jsa")).isNotEmptyFile();
        assertThat(Files.readString(made.resolve("identity"))).isEqualTo(identity(installedJar) + "\n");
        assertThat(root).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".lock"));

        // The archive maps: with -Xshare:on the JVM refuses to start if it cannot use it.
        env.put("MAILFERRY_JAVA_OPTS", "-Xshare:on");
        Program.Result second = Program.run(env, TIMEOUT, launcher.toString(), "--version");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo(r.out());
        assertThat(entries(root)).as("no second entry").containsExactlyInAnyOrderElementsOf(entries);

        Assumptions.assumeTrue(traced, "strace is not installed: the training's network check needs it (apt-get install strace)");
        List<String> inet = Files.readAllLines(trace).stream().filter(l -> l.contains("AF_INET")).toList();
        assertThat(inet).as("connect() calls to the network during extraction, training and the run").isEmpty();
    }

    private static void entry(Path dir, String identity) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("identity"), identity + "\n");
        Files.writeString(dir.resolve("app.jsa"), "stale");
    }

    /** The launcher's identity of a cache entry: jar, its size and mtime, the Java and its mtime. */
    private static String identity(Path jar) throws IOException {
        return jar + "\n" + Files.size(jar) + " " + mtime(jar) + "\n" + java + "\n" + mtime(java);
    }

    private static long mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p).to(TimeUnit.SECONDS);
    }

    private static List<Path> entries(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
