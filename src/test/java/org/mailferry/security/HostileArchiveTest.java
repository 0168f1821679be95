package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, row "a Maildir archive with a symlink in cur/": verify reports it as damage and
 * restore refuses that folder (exit 14, the path named) while the other folders are restored;
 * the file the link points at never reaches the server. Row "control characters", for archives:
 * verify prints folder and file names escaped, as a table and as valid JSON.
 */
class HostileArchiveTest {

    private static final String USER = TestImapServer.user(47);
    private static final String PRIVATE = "root-only private content 7f3a";

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path dir;

    private Path hostileMaildir() throws Exception {
        Path secret = dir.resolve("private.txt");
        Files.writeString(secret, "Subject: stolen\r\n\r\n" + PRIVATE + "\r\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path root = dir.resolve("archive");
        for (String sub : new String[] {"cur", "new", "tmp", ".Other/cur", ".Other/new", ".Other/tmp"}) {
            Files.createDirectories(root.resolve(sub));
        }
        Files.write(root.resolve("cur/1700000000.1.host:2,S"),
                "Subject: fine\r\nMessage-ID: <fine-13@example>\r\n\r\nan honest message\r\n".getBytes(StandardCharsets.US_ASCII));
        Files.createSymbolicLink(root.resolve(".Other/cur/1700000001.2.host:2,S"), secret);
        return root;
    }

    @Test
    void verifyShouldReportALinkAsDamageNamingItsPath() throws Exception {
        Path root = hostileMaildir();
        CliRun r = CliRun.of("verify", "maildir:" + root);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(14);
        assertThat(r.all()).contains(".Other/cur/1700000001.2.host:2,S", "symbolic link");
    }

    @Test
    void restoreShouldRefuseTheFolderWithALinkAndRestoreTheOthers() throws Exception {
        server.resetUser(USER);
        Path root = hostileMaildir();
        CliRun r = CliRun.of("restore", "--from", "maildir:" + root, "--target",
                "imaps://" + USER + "@127.0.0.1:" + server.imapsPort(), "--trust-cert", server.cert().toString(),
                "--password-file", server.passwordFile(USER).toString(), "--state-dir", dir.resolve("state").toString(),
                "--no-progress");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(14);
        assertThat(r.out()).contains("refused " + root.resolve(".Other/cur/1700000001.2.host:2,S"), "symbolic link");
        ImapSnapshot target = ImapSnapshot.take(server, USER);
        assertThat(target.inFolder("INBOX")).hasSize(1);
        try (var files = Files.walk(server.maildirOf(USER))) {
            assertThat(files.filter(Files::isRegularFile).map(HostileArchiveTest::read)).noneMatch(s -> s.contains(PRIVATE));
        }
    }

    @Test
    void verifyShouldPrintFolderAndFileNamesWithControlCharactersEscaped() throws Exception {
        Path root = dir.resolve("archive");
        String folder = ".Evil\u001b]0;owned\u0007\u001b[2J";
        for (String sub : new String[] {"cur", "new", "tmp", folder + "/cur", folder + "/new", folder + "/tmp"}) {
            Files.createDirectories(root.resolve(sub));
        }
        Files.write(root.resolve("cur/1700000001.2.h\u001b[31mst\r\nERROR forged\u009b:2,S"),
                "Subject: hostile\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

        CliRun table = CliRun.of("verify", "maildir:" + root);
        CliRun json = CliRun.of("verify", "maildir:" + root, "--json");

        assertThat(table.exitCode()).as(table.toString()).isEqualTo(14);
        assertThat(table.out()).contains("Evil\\x1b]0;owned\\x07\\x1b[2J ", "h\\x1b[31mst\\r\\nERROR forged\\x9b:2,S");
        for (CliRun r : List.of(table, json)) {
            assertThat(r.terminalControls()).as(r.toString()).isEmpty();
        }
        JsonNode folders = Json.MAPPER.readTree(json.out()).path("archive").path("folders");
        assertThat(folders.get(0).path("folder").asString()).isEqualTo("Evil\\x1b]0;owned\\x07\\x1b[2J");
        assertThat(folders.get(1).path("folder").asString()).isEqualTo("INBOX");
        assertThat(folders.get(1).path("damage").get(0).path("file").asString())
                .endsWith("h\\x1b[31mst\\r\\nERROR forged\\x9b:2,S");
    }

    @Test
    void lsAndSearchShouldPrintEncodedSubjectsThatDecodeToControlsEscapedAsTableAndAsJson() throws Exception {
        Path root = dir.resolve("archive");
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(root.resolve(sub));
        }
        String evil = "hi\u001b]0;owned\u0007\u001b[2J\r\nERROR forged\u009b31m\u202eexe.pdf\u2028x";
        String encoded = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(evil.getBytes(StandardCharsets.UTF_8)) + "?=";
        Files.write(root.resolve("cur/1700000001.2.host,U=7:2,S"), ("From: =?UTF-8?Q?Mallory=1B[31m?= <m@example.org>\r\n"
                + "Subject: " + encoded + "\r\nMessage-ID: <evil-13@example>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));

        List<CliRun> runs = List.of(CliRun.of("ls", "maildir:" + root, "INBOX"), CliRun.of("ls", "maildir:" + root, "INBOX", "--json"),
                CliRun.of("search", "maildir:" + root, "--from", "mallory"),
                CliRun.of("search", "maildir:" + root, "--from", "mallory", "--json"));

        for (CliRun r : runs) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as(r.toString()).contains("ERROR forged");
            assertThat(r.terminalControls()).as(r.toString()).isEmpty();
            assertThat(r.all()).as(r.toString()).doesNotContain("\u202e", "\u2028");
        }
        for (CliRun r : List.of(runs.get(1), runs.get(3))) {
            assertThat(Json.MAPPER.readTree(r.out()).findValuesAsString("subject")).as(r.toString()).isNotEmpty()
                    .allSatisfy(subject -> assertThat(subject).isIn(evil, org.mailferry.util.SafeText.escape(evil)));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
