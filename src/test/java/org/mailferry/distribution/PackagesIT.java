package org.mailferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.e2e.ArchiveSnapshot;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The packages of {@code scripts/package.sh} as a user gets them: the Debian package installed
 * with {@code apt install ./mailferry_VERSION_amd64.deb} (its own runtime, man pages, bash and zsh
 * completion, a backup against the test Dovecot checked message by message), the tarball, and the
 * container image (its configuration, and where podman can run it, a backup from inside it).
 * Runs after the packages are built and the .deb installed: {@code scripts/test-packages.sh}
 * (CI does both); excluded from {@code mvn verify}.
 */
class PackagesIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Path DIST = Path.of(System.getProperty("mailferry.dist", "target/dist"));
    private static final String DEB_USER = TestImapServer.user(65);
    private static final String IMAGE_USER = TestImapServer.user(66);

    @TempDir
    static Path tmp;

    static String version;
    static Path deb;
    static Path tarball;
    static Path image;

    @BeforeAll
    static void packagesBuilt() throws IOException {
        Path info = Path.of("target/classes/META-INF/build-info.properties");
        version = Files.readAllLines(info).stream().filter(l -> l.startsWith("build.version="))
                .map(l -> l.substring("build.version=".length())).findFirst().orElseThrow();
        deb = DIST.resolve("mailferry_" + version.replace("-SNAPSHOT", "~SNAPSHOT") + "_amd64.deb");
        tarball = DIST.resolve("mailferry-" + version + ".tar.gz");
        image = DIST.resolve("mailferry-" + version + "-image.tar");
        for (Path p : List.of(deb, tarball, image)) {
            assertThat(p).as("built by scripts/package.sh").isRegularFile();
        }
    }

    // ---------------------------------------------------------------------------------------
    // The Debian package, installed
    // ---------------------------------------------------------------------------------------

    @Test
    void theInstalledDebShouldHoldLauncherRuntimeManPagesAndCompletionAndNeedNoDesktopLibraries() throws Exception {
        Program.Result installed = Program.run(Map.of(), TIMEOUT, "dpkg-query", "-W", "-f", "${Version}\\n${Depends}", "mailferry");
        assertThat(installed.exitCode()).as("the package is installed (apt install ./%s)", deb.getFileName()).isZero();
        Program.Result built = Program.run(Map.of(), TIMEOUT, "dpkg-deb", "-f", deb.toString(), "Version");
        assertThat(installed.out().lines().findFirst().orElseThrow()).as("the installed package is the one built")
                .isEqualTo(built.out().strip());
        assertThat(installed.out().lines().skip(1).findFirst().orElseThrow()).as("no X11, font or sound libraries")
                .matches("libc6 \\(>= 2\\.\\d+\\), libgcc-s1, libstdc\\+\\+6, zlib1g");

        List<String> files = Program.run(Map.of(), TIMEOUT, "dpkg", "-L", "mailferry").out().lines().toList();
        assertThat(files).contains("/usr/bin/mailferry", "/usr/lib/mailferry/app/mailferry.jar",
                "/usr/lib/mailferry/runtime/bin/java", "/usr/share/man/man1/mailferry.1.gz",
                "/usr/share/man/man1/mailferry-backup.1.gz", "/usr/share/man/man1/mailferry-jobs-list.1.gz",
                "/usr/share/bash-completion/completions/mailferry", "/usr/share/zsh/vendor-completions/_mailferry",
                "/usr/share/doc/mailferry/README.md", "/usr/share/doc/mailferry/copyright",
                "/usr/share/doc/mailferry/LICENSE", "/usr/lib/systemd/system/mailferry-schedule.service");
        assertThat(Files.readString(Path.of("/usr/share/doc/mailferry/copyright"))).as("the licence is named")
                .contains("Apache License");
        assertThat(Files.readString(Path.of("/usr/lib/systemd/system/mailferry-schedule.service")))
                .as("the unit starts the packaged launcher").contains("ExecStart=/usr/bin/mailferry schedule");

        String manPage = gunzip(Path.of("/usr/share/man/man1/mailferry-backup.1.gz"));
        assertThat(manPage).contains(".TH \"MAILFERRY\\-BACKUP\" \"1\"").contains("\\-\\-connections")
                .contains("\\-\\-password\\-file");
        if (Program.onPath("man")) {
            Program.Result man = Program.run(Map.of("MANPAGER", "cat", "MANWIDTH", "100"), TIMEOUT, "man", "mailferry-backup");
            assertThat(man.exitCode()).as(man.toString()).isZero();
            assertThat(man.out()).contains("mailferry-backup - Back up every folder").contains("--connections=N");
        }
    }

    @Test
    void theInstalledMailferryShouldBackUpAMailboxExactlyWithItsOwnRuntime() throws Exception {
        TestImapServer server = TestImapServer.get();
        server.resetUser(DEB_USER);
        server.fillCorpus(DEB_USER, "demo", 65);
        Map<String, String> env = installedUserEnv(tmp.resolve("deb-user"));

        // First run: the fast-start cache is made with the package's runtime; then -Xshare:on
        // proves the backup runs from it.
        Program.Result first = Program.run(env, TIMEOUT, "/usr/bin/mailferry", "--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("mailferry " + version + "\n").contains(" in /usr/lib/mailferry/runtime\n");
        env.put("MAILFERRY_JAVA_OPTS", "-Xshare:on");
        Path archive = tmp.resolve("deb-archive");
        Program.Result backup = Program.run(env, TIMEOUT, "/usr/bin/mailferry", "backup", "--source",
                "imaps://" + DEB_USER + "@" + server.host() + ":" + server.imapsPort(), "--to", "maildir:" + archive,
                "--password-file", server.passwordFile(DEB_USER).toString(), "--trust-cert", server.cert().toString(),
                "--no-progress", "--json");

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(Json.MAPPER.readTree(backup.out()).path("totals").path("copied").asLong()).isEqualTo(200);
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, DEB_USER), ArchiveSnapshot.take("maildir:" + archive)))
                .isEmpty();
    }

    @Test
    void bashCompletionShouldCompleteCommandsAndOptions() throws Exception {
        String script = "source /usr/share/bash-completion/completions/mailferry\n"
                + "complete_line() { COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< \"$1 \";"
                + " [[ \"$1\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " COMPREPLY=(); _complete_mailferry 2>/dev/null; echo \"${COMPREPLY[*]}\"; }\n"
                + "complete_line 'mailferry ba'\ncomplete_line 'mailferry backup --conn'\ncomplete_line 'mailferry jobs '\n";

        Program.Result r = Program.run(Map.of(), TIMEOUT, "bash", "-c", script);

        assertThat(r.out().lines().toList()).as(r.toString()).containsExactly("backup", "--connections",
                "list show restart abandon help");
    }

    @Test
    void zshCompletionShouldCompleteFromTheFirstTab() throws Exception {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        Assumptions.assumeTrue(ci || Program.onPath("zsh") && Program.onPath("tmux"),
                "zsh and tmux are not installed (CI installs them)");
        Path home = Files.createDirectories(tmp.resolve("zsh-home"));
        String socket = "mailferry-packages-" + ProcessHandle.current().pid();
        try (Terminal t = new Terminal(socket, "env -i HOME=" + home + " TERM=xterm PATH=/usr/bin:/bin zsh -f")) {
            t.type("autoload -U compinit && compinit -u && echo compinit-$((1+1))", "Enter");
            t.await("compinit-2\n");
            t.type("mailferry backup --conn", "Tab");
            t.await("mailferry backup --connections");
            t.type("C-u", "mailferry ver", "Tab");
            t.await("mailferry verify");
            assertThat(t.screen()).doesNotContain("command not found");
        }
    }

    // ---------------------------------------------------------------------------------------
    // The tarball
    // ---------------------------------------------------------------------------------------

    @Test
    void theTarballShouldRunWithTheJavaOnThePathAndCarryManPagesCompletionAndReadme() throws Exception {
        Path into = Files.createDirectories(tmp.resolve("tarball"));
        Program.Result untar = Program.run(Map.of(), TIMEOUT, "tar", "-xzf", tarball.toString(), "-C", into.toString());
        assertThat(untar.exitCode()).as(untar.toString()).isZero();
        Path top = into.resolve("mailferry-" + version);
        assertThat(top.resolve("bin/mailferry")).isExecutable();
        assertThat(top.resolve("lib/mailferry/mailferry.jar")).isRegularFile();
        assertThat(top.resolve("README.md")).hasSameTextualContentAs(Path.of("README.md"));
        assertThat(top.resolve("share/bash-completion/completions/mailferry")).isRegularFile();
        assertThat(top.resolve("share/zsh/site-functions/_mailferry")).content().startsWith("#compdef mailferry\n");
        try (Stream<Path> pages = Files.list(top.resolve("share/man/man1"))) {
            assertThat(pages.map(p -> p.getFileName().toString()).toList()).contains("mailferry.1.gz",
                    "mailferry-backup.1.gz", "mailferry-restore.1.gz", "mailferry-migrate.1.gz", "mailferry-verify.1.gz");
        }

        Map<String, String> env = installedUserEnv(tmp.resolve("tar-user"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("MAILFERRY_NO_CDS", "1");
        Program.Result r = Program.run(env, TIMEOUT, top.resolve("bin/mailferry").toString(), "--version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("mailferry " + version + "\n").contains(" in " + System.getProperty("java.home") + "\n");
    }

    // ---------------------------------------------------------------------------------------
    // The container image
    // ---------------------------------------------------------------------------------------

    @Test
    void theImageShouldRunMailferryAsANonRootUserWithStateAndArchiveVolumes() throws Exception {
        JsonNode manifest = Json.MAPPER.readTree(tarEntry(image, "manifest.json"));
        assertThat(manifest.get(0).path("RepoTags").get(0).asString()).isEqualTo("mailferry:" + version);
        JsonNode config = Json.MAPPER.readTree(tarEntry(image, manifest.get(0).path("Config").asString())).path("config");
        assertThat(config.path("User").asString()).isEqualTo("10001:10001");
        assertThat(names(config.path("Entrypoint"))).containsExactly("java", "@/app/jvm.options", "-cp",
                "@/app/jib-classpath-file", "org.mailferry.cli.Main");
        assertThat(config.path("Volumes").propertyNames()).containsExactlyInAnyOrder("/archive", "/var/lib/mailferry");
        assertThat(names(config.path("Env"))).contains("MAILFERRY_STATE_DIR=/var/lib/mailferry", "LANG=C.UTF-8",
                "JAVA_HOME=/usr/lib/mailferry/runtime");
        assertThat(config.path("WorkingDir").asString()).isEqualTo("/archive");
        Map<String, byte[]> files = filesInLayers(image, List.of("app/jvm.options", "etc/passwd"));
        String launcherOptions = Program.run(Map.of("MAILFERRY_PRINT_JVM_OPTIONS", "1"), TIMEOUT, "scripts/mailferry").out();
        assertThat(new String(files.get("app/jvm.options"), StandardCharsets.UTF_8)).isEqualTo(launcherOptions);
        assertThat(new String(files.get("etc/passwd"), StandardCharsets.UTF_8))
                .contains("mailferry:x:10001:10001:mailferry:/home/mailferry:/sbin/nologin\n");

        Assumptions.assumeTrue(Program.onPath("podman"), "podman is not installed: the image was inspected, not run");
        TestImapServer server = TestImapServer.get();
        server.resetUser(IMAGE_USER);
        server.fillCorpus(IMAGE_USER, "demo", 66);
        Podman podman = new Podman(tmp.resolve("podman"));
        podman.load(image);
        Path archive = Files.createDirectories(tmp.resolve("image-volume"));
        Path secrets = Files.createDirectories(tmp.resolve("image-secrets"));
        Files.copy(server.passwordFile(IMAGE_USER), secrets.resolve("password"));
        Files.copy(server.cert(), secrets.resolve("cert.pem"));
        Files.setPosixFilePermissions(secrets.resolve("password"), PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(archive, secrets, secrets.resolve("password"), secrets.resolve("cert.pem"))) {
            Files.setAttribute(p, "unix:uid", 10001);
            Files.setAttribute(p, "unix:gid", 10001);
        }

        Program.Result r = podman.run(List.of("-v", archive + ":/archive", "-v", secrets + ":/secrets:ro"),
                "localhost/mailferry:" + version, "backup", "--source",
                "imaps://" + IMAGE_USER + "@" + server.host() + ":" + server.imapsPort(), "--to", "maildir:/archive/mail",
                "--password-file", "/secrets/password", "--trust-cert", "/secrets/cert.pem", "--no-progress", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).path("totals").path("copied").asLong()).isEqualTo(200);
        assertThat(ImapSnapshot.diff(ImapSnapshot.take(server, IMAGE_USER),
                ArchiveSnapshot.take("maildir:" + archive.resolve("mail")))).isEmpty();
        assertThat(Files.getAttribute(archive.resolve("mail"), "unix:uid")).as("written by the image's user").isEqualTo(10001);
        // JVM options for the image (it has no shell for MAILFERRY_JAVA_OPTS): _JAVA_OPTIONS comes after its own.
        Program.Result jvm = podman.run(List.of("-e", "_JAVA_OPTIONS=-Xmx300m -XX:+PrintFlagsFinal"),
                "localhost/mailferry:" + version, "--version");
        assertThat(jvm.exitCode()).as(jvm.toString()).isZero();
        assertThat(jvm.out()).containsPattern("size_t MaxHeapSize += 314572800 ")
                .containsPattern("size_t InitialHeapSize += 100663296 ").containsPattern("bool UseSerialGC += true ")
                .contains("mailferry " + version + "\n");
        Program.Result settings = podman.run(List.of("--entrypoint", "java"), "localhost/mailferry:" + version,
                "-XshowSettings:properties", "-version");
        assertThat(settings.err()).contains("user.name = mailferry").contains("user.home = /home/mailferry")
                .contains("sun.jnu.encoding = UTF-8");
    }

    // ---------------------------------------------------------------------------------------

    /** A user environment: own cache, nothing from the test run's Java options. */
    private static Map<String, String> installedUserEnv(Path home) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CACHE_HOME", Files.createDirectories(home.resolve("cache")).toString());
        env.put("MAILFERRY_STATE_DIR", home.resolve("state").toString());
        env.put("MAILFERRY_JAVA_OPTS", null);
        env.put("MAILFERRY_NO_CDS", null);
        env.put("JAVA_HOME", null);
        return env;
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static byte[] tarEntry(Path tar, String name) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + tar);
    }

    /** Files of an image, read from its layers (gzipped tars inside the image tar); later layers win. */
    private static Map<String, byte[]> filesInLayers(Path imageTar, List<String> wanted) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(imageTar))) {
            for (TarArchiveEntry layer = outer.getNextEntry(); layer != null; layer = outer.getNextEntry()) {
                if (!layer.getName().endsWith(".tar.gz") && !layer.getName().endsWith(".tar")) {
                    continue;
                }
                InputStream body = layer.getName().endsWith(".gz") ? new GZIPInputStream(outer) : outer;
                TarArchiveInputStream inner = new TarArchiveInputStream(body);
                for (TarArchiveEntry e = inner.getNextEntry(); e != null; e = inner.getNextEntry()) {
                    String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                    if (wanted.contains(name)) {
                        found.put(name, inner.readAllBytes());
                    }
                }
            }
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
        return found;
    }
}
