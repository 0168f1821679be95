package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ScriptedImapServer;
import org.mailferry.util.Json;

/**
 * Issue 13, rows "starttls=none" (IMAP, and SMTP for the report), "STARTTLS answered with NO"
 * and "control characters": a scripted server that offers no TLS, refuses STARTTLS, or sends
 * terminal escapes (in folder names and errors to a backup; in its greeting, capabilities,
 * NAMESPACE and LIST to {@code check}) gets neither the password nor the terminal.
 */
class HostileServerTest {

    private static final String SECRET = "HostileSrv-Secret-13";
    private static final String CAPS = "IMAP4rev1 STARTTLS AUTH=PLAIN";

    @TempDir
    Path dir;

    private CliRun backup(ScriptedImapServer server, String query, String... more) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, SECRET + "\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<String> args = new java.util.ArrayList<>(List.of("backup", "--source",
                "imap://user45@127.0.0.1:" + server.port() + query, "--to", "maildir:" + dir.resolve("archive"),
                "--password-file", pw.toString(), "--state-dir", dir.resolve("state").toString(), "--no-progress"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertNoCredentialSent(ScriptedImapServer server) {
        assertThat(server.received()).noneMatch(l -> l.toUpperCase().contains(" LOGIN ")
                || l.toUpperCase().contains(" AUTHENTICATE ") || l.contains(SECRET));
    }

    @Test
    void plainImapShouldBeRefusedBeforeConnectingWhenInsecureIsNotGiven() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(List.of())) {
            CliRun r = backup(server, "?starttls=none");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("?starttls=none", "in clear", "--insecure");
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void plainSmtpForTheReportShouldBeRefusedBeforeConnectingWhenInsecureIsNotGiven() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), SECRET + "\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (java.net.ServerSocket smtp = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            smtp.setSoTimeout(200);
            String plain = "smtp://alice@127.0.0.1:" + smtp.getLocalPort() + "?starttls=none";
            CliRun backup = CliRun.of("backup", "--source", "imaps://user45@127.0.0.1:1", "--to", "maildir:"
                    + dir.resolve("archive"), "--password-file", pw.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--notify-email", "ops@example.org", "--smtp", plain, "--smtp-password-file", pw.toString());

            assertThat(backup.exitCode()).as("refused before the source is even tried\n" + backup).isEqualTo(2);
            assertThat(backup.err()).contains("?starttls=none", "in clear", "--insecure");
            assertThatThrownBy(smtp::accept).as("nobody connected to the SMTP server")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"no STARTTLS offered", "STARTTLS answered 454",
            "STARTTLS answered 220, then plain text"})
    void theReportsSmtpServerShouldGetNoCredentialWhenStarttlsFails(String variant) throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), SECRET + "\n");
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket smtp = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> fakeSmtp(smtp, variant, received), "fake-smtp");
            serving.setDaemon(true);
            serving.start();
            CliRun backup = CliRun.of("backup", "--source", "imaps://user45@127.0.0.1:1", "--to", "maildir:"
                    + dir.resolve("archive"), "--password-file", pw.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--notify-email", "ops@example.org", "--smtp", "smtp://alice@127.0.0.1:" + smtp.getLocalPort(),
                    "--smtp-password-file", pw.toString(), "--timeout", "2");

            assertThat(received).as("the SMTP server was asked\n" + backup).anyMatch(l -> l.startsWith("EHLO"));
            assertThat(received).as(backup.toString()).noneMatch(l -> l.toUpperCase().startsWith("AUTH")
                    || l.contains(SECRET) || l.toUpperCase().startsWith("MAIL FROM"));
            assertThat(backup.all()).as(backup.toString()).contains("STARTTLS").doesNotContain(SECRET);
        }
    }

    /** One SMTP session that offers AUTH in clear and fails STARTTLS as {@code variant} says; records every line. */
    private static void fakeSmtp(java.net.ServerSocket listener, String variant, List<String> received) {
        try (java.net.Socket s = listener.accept()) {
            s.setSoTimeout(5000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            var out = s.getOutputStream();
            out.write("220 fake ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                received.add(line);
                String u = line.toUpperCase();
                String answer = u.startsWith("EHLO") ? (variant.startsWith("no") ? "250-fake\r\n250 AUTH PLAIN LOGIN\r\n"
                        : "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
                        : u.startsWith("STARTTLS") ? (variant.contains("454") ? "454 TLS not available\r\n"
                        : "220 go ahead\r\n250 still plain\r\n")
                        : u.startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n";
                out.write(answer.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the client hung up or timed out: what it sent is recorded
        }
    }

    @Test
    void starttlsAnsweredWithNoShouldFailAsTlsBeforeAnyCredentialIsSent() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(), "INBOX", Map.of(
                "GREETING", "* OK [CAPABILITY " + CAPS + "] ready\r\n",
                "CAPABILITY", "* CAPABILITY " + CAPS + "\r\n{tag} OK done\r\n",
                "STARTTLS", "{tag} NO TLS is not available right now\r\n"))) {
            CliRun r = backup(server, "");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
            assertThat(r.err()).contains("refused STARTTLS", "TLS is not available right now", "no password was sent");
            assertNoCredentialSent(server);
        }
    }

    @Test
    void aServerWithoutStarttlsShouldFailAsTlsBeforeAnyCredentialIsSent() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(), "INBOX", Map.of(
                "GREETING", "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n",
                "CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n"))) {
            CliRun r = backup(server, "");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
            assertThat(r.err()).contains("does not offer STARTTLS", "no password was sent");
            assertNoCredentialSent(server);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "STARTTLS answered BAD", "STARTTLS answered OK but plain text follows", "STARTTLS answered OK, then silence",
            "STARTTLS in the greeting only (stripped from CAPABILITY)", "PREAUTH greeting: no login, no STARTTLS"})
    void aStrippedOrSkippedStarttlsShouldFailAsTlsBeforeAnyCredentialOrMailCrossesInClear(String variant) throws Exception {
        Map<String, String> script = switch (variant) {
            case "STARTTLS answered BAD" -> Map.of("GREETING", "* OK [CAPABILITY " + CAPS + "] ready\r\n",
                    "STARTTLS", "{tag} BAD unknown command\r\n");
            case "STARTTLS answered OK but plain text follows" -> Map.of("GREETING", "* OK [CAPABILITY " + CAPS + "] ready\r\n",
                    "STARTTLS", "{tag} OK go ahead\r\n* OK still plain\r\n");
            case "STARTTLS answered OK, then silence" -> Map.of("GREETING", "* OK [CAPABILITY " + CAPS + "] ready\r\n",
                    "STARTTLS", "{tag} OK go ahead\r\n");
            case "STARTTLS in the greeting only (stripped from CAPABILITY)" -> Map.of(
                    "GREETING", "* OK ready\r\n", "CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n");
            default -> Map.of("GREETING", "* PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] logged in already\r\n");
        };
        try (ScriptedImapServer server = new ScriptedImapServer(
                List.of(ScriptedImapServer.Message.of(1, "Subject: private\r\n\r\nsecret mail\r\n")), "INBOX", script)) {
            CliRun r = backup(server, "", "--timeout", "2");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
            assertThat(r.err()).as(r.toString()).contains("STARTTLS");
            assertNoCredentialSent(server);
            assertThat(server.received()).as("no folder was listed or read in clear")
                    .noneMatch(l -> l.toUpperCase().matches("\\S+ (UID )?(LIST|SELECT|EXAMINE|FETCH|STATUS|NAMESPACE).*"));
        }
    }

    @Test
    void controlCharactersFromTheServerShouldBePrintedEscapedEverywhere() throws Exception {
        String folder = "Evil\u001b]0;owned\u0007\u001b[2J\nERROR forged folder";
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(), folder, Map.of(
                "EXAMINE", "{tag} NO \u001b[31mdenied\rERROR forged line\u0007\u009b\r\n"))) {
            CliRun table = backup(server, "?starttls=none", "--insecure", "-v");
            CliRun json = backup(server, "?starttls=none", "--insecure", "--json");

            assertThat(table.exitCode()).as(table.toString()).isEqualTo(3);
            assertThat(table.out()).contains("Evil\\x1b]0;owned\\x07\\x1b[2J\\nERROR forged folder",
                    "denied\\rERROR forged line\\x07\\x9b");
            for (CliRun r : List.of(table, json)) {
                assertThat(r.terminalControls()).as(r.toString()).isEmpty();
                assertThat(r.all().lines()).as("a line feed in the folder name forges no line\n" + r)
                        .noneMatch(l -> l.startsWith("ERROR forged"));
            }
            assertThat(Json.MAPPER.readTree(json.out()).path("folders").get(0).path("folder").asString())
                    .isEqualTo("Evil\\x1b]0;owned\\x07\\x1b[2J\\nERROR forged folder");
        }
    }

    @Test
    void checkShouldPrintTheServersGreetingCapabilitiesNamespaceAndFoldersEscaped() throws Exception {
        String caps = "IMAP4rev1 NAMESPACE SPECIAL-USE X-\u001b[31mRED\u0007";
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(), "INBOX", Map.of(
                "GREETING", "* OK [CAPABILITY " + caps + "] hello\u001b]0;owned\u0007\rERROR forged\r\n",
                "CAPABILITY", "* CAPABILITY " + caps + "\r\n{tag} OK done\r\n",
                "NAMESPACE", "* NAMESPACE ((\"Evil\u001b[2J.\" \".\")) NIL NIL\r\n{tag} OK done\r\n",
                "LIST", "* LIST (\\HasNoChildren) \".\" \"INBOX\"\r\n"
                        + "* LIST (\\HasNoChildren \\Sent) \".\" \"Evil\u001b[2J.Sent\u001b]0;x\u0007\"\r\n{tag} OK done\r\n"))) {
            Path pw = dir.resolve("pw");
            Files.writeString(pw, SECRET + "\n");
            Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String uri = "imap://user45@127.0.0.1:" + server.port() + "?starttls=none";
            CliRun table = CliRun.of("check", uri, "--password-file", pw.toString(), "--insecure", "--state-dir", dir.toString());
            CliRun json = CliRun.of("check", uri, "--password-file", pw.toString(), "--insecure", "--json",
                    "--state-dir", dir.toString());

            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(table.out()).contains("✓ greeting: '* OK [CAPABILITY IMAP4rev1 NAMESPACE SPECIAL-USE X-\\x1b[31mRED\\x07]"
                            + " hello\\x1b]0;owned\\x07\\rERROR forged'", "✓ CAPABILITY: IMAP4REV1 NAMESPACE SPECIAL-USE X-\\x1b[31MRED",
                    "✓ NAMESPACE: personal \"Evil\\x1b[2J.\"", "special-use: Sent\\x1b]0;x\\x07 \\Sent");
            for (CliRun r : List.of(table, json)) {
                assertThat(r.terminalControls()).as(r.toString()).isEmpty();
            }
            tools.jackson.databind.JsonNode steps = Json.MAPPER.readTree(json.out()).path("steps");
            assertThat(steps.findValuesAsString("detail")).contains("personal \"Evil\\x1b[2J.\" \".\"; other users none; shared none");
        }
    }
}
