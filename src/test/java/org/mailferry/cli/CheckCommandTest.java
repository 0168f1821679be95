package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code mailferry check} against the local Dovecot (user08) and GreenMail: all green, and each
 * deliberately wrong set-up with its diagnosis and exit code.
 */
class CheckCommandTest {

    private static final String USER = TestImapServer.user(8);

    private final TestImapServer dovecot = TestImapServer.get();

    @TempDir
    Path state;

    private GreenMail greenMail;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void startGreenMail() {
        greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS,
                ServerSetupTest.IMAP}));
        greenMail.start();
        greenMail.setUser("alice@example.com", "alice@example.com", "alice-secret");
    }

    @AfterEach
    void stopGreenMail() {
        greenMail.stop();
    }

    private Result check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cl = new CommandLine(new CheckCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(errWriter);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Main.report(ex, errWriter));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", state.toString()));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private String imaps(int port) {
        return "imaps://" + USER + "@127.0.0.1:" + port;
    }

    private String password() {
        return dovecot.passwordFile(USER).toString();
    }

    private String cert() {
        return dovecot.cert().toString();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aGoodImapsSetUpShouldPassEveryStep() {
        Result r = check(imaps(dovecot.imapsPort()), "--password-file", password(), "--trust-cert", cert());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("✓ DNS: 127.0.0.1", "✓ TCP connect: connected to 127.0.0.1:" + dovecot.imapsPort(),
                "✓ TLS handshake: TLS", "✓ certificate: for localhost, 127.0.0.1", "because of --trust-cert",
                "✓ greeting: '* OK", "✓ CAPABILITY: IMAP4REV1", "✓ authentication mechanisms: PLAIN",
                "✓ login: " + USER + " with password from --password-file", "✓ extensions: after login:",
                "CONDSTORE        yes  incremental backups", "✓ LIST: ", "\\Sent", "✓ EXAMINE INBOX: ",
                "all checks passed");
        assertThat(r.out()).doesNotContain("✗").doesNotContain(dovecot.password(USER));
    }

    @Test
    void starttlsShouldPassOnThePlainPort() {
        Result r = check("imap://" + USER + "@127.0.0.1:" + dovecot.imapPort() + "?starttls=required",
                "--password-file", password(), "--trust-cert", cert());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("✓ CAPABILITY before STARTTLS:", "STARTTLS", "✓ STARTTLS: accepted",
                "✓ TLS handshake", "✓ login");
    }

    @Test
    void aClosedPortShouldBeAConnectionFailureNamingThePorts() throws Exception {
        Result r = check(imaps(closedPort()), "--password-file", password());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(11);
        assertThat(r.out()).contains("✗ TCP connect:", "refused the connection: nothing listens on port",
                "fix: check the port: IMAP with TLS from the start is port 993 (imaps://)", "check failed (exit code 11)");
    }

    @Test
    void starttlsOnTheImplicitTlsPortShouldSayToUseImaps() {
        Result r = check("imap://" + USER + "@127.0.0.1:" + dovecot.imapsPort(), "--password-file", password(),
                "--trust-cert", cert(), "--timeout", "2");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.out()).contains("✗ greeting: no plain-text greeting within 2 s",
                "expects TLS from the first byte (implicit TLS)", "fix: use imaps://" + USER + "@127.0.0.1:" + dovecot.imapsPort());
    }

    @Test
    void implicitTlsOnTheStarttlsPortShouldSayToUseStarttls() {
        Result r = check(imaps(dovecot.imapPort()), "--password-file", password(), "--trust-cert", cert());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.out()).contains("✗ TLS handshake: port " + dovecot.imapPort() + " speaks plain text, not TLS",
                "it greeted: '* OK", "this is a STARTTLS port: use imap://" + USER + "@127.0.0.1:" + dovecot.imapPort()
                        + "?starttls=required");
    }

    @Test
    void aSelfSignedCertificateWithoutTrustCertShouldNameTheFix() {
        Result r = check(imaps(dovecot.imapsPort()), "--password-file", password());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.out()).contains("✓ TLS handshake:", "✗ certificate: the certificate is not trusted: it is self-signed",
                "for localhost, 127.0.0.1", "fix: if you trust this server", "--trust-cert FILE");
    }

    @Test
    void aCertificateForAnotherNameShouldBeReportedAsSuch() {
        Result r = check(imaps(dovecot.imapsWrongNamePort()), "--password-file", password(), "--trust-cert", cert());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.out()).contains("✗ certificate: the certificate is for another host name than 127.0.0.1",
                "for wrong.example", "fix: connect with a name the certificate was issued for (wrong.example)");
    }

    @Test
    void aWrongPasswordShouldFailTheLoginStep() throws Exception {
        Path wrong = secretFile("wrong", "not-the-password\n");

        Result r = check(imaps(dovecot.imapsPort()), "--password-file", wrong.toString(), "--trust-cert", cert());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(10);
        assertThat(r.out()).contains("✓ authentication mechanisms", "✗ login: " + USER + " was refused",
                "fix: check the user name and the password from --password-file " + wrong)
                .doesNotContain("not-the-password");
    }

    @Test
    void noPasswordWithoutTerminalShouldFailOnlyTheLoginStep() {
        Result r = check(imaps(dovecot.imapsPort()), "--trust-cert", cert());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("✓ CAPABILITY", "✗ login: no password for " + USER);
    }

    @Test
    void aServerWithoutCondstoreShouldBeReportedAsSuch() {
        Result ok = check("imap://alice@example.com@127.0.0.1:" + greenMail.getImap().getPort() + "?starttls=none",
                "--password-command", "echo alice-secret", "--insecure");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("! TLS: none (?starttls=none)",
                "CONDSTORE        no   each backup reads the flags of every message again",
                "IDLE             yes", "UIDPLUS          yes", "all checks passed");
    }

    @Test
    void anOAuthTokenShouldLogInWithXoauth2() {
        Result r = check("imap://alice@example.com@127.0.0.1:" + greenMail.getImap().getPort() + "?starttls=none",
                "--oauth-token-command", "echo alice-secret", "--insecure");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("✓ authentication mechanisms: XOAUTH2 (mailferry will use XOAUTH2)",
                "✓ login: alice@example.com with OAuth2 token from --oauth-token-command echo alice-secret");
    }

    @Test
    void jsonShouldListEveryStepAndTheExitCode() {
        Result r = check(imaps(dovecot.imapsWrongNamePort()), "--password-file", password(), "--trust-cert", cert(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.path("exitCode").asInt()).isEqualTo(12);
        assertThat(json.path("protocol").asString()).isEqualTo("IMAP");
        JsonNode last = json.path("steps").get(json.path("steps").size() - 1);
        assertThat(last.path("name").asString()).isEqualTo("certificate");
        assertThat(last.path("status").asString()).isEqualTo("FAIL");
        assertThat(last.path("exitCode").asInt()).isEqualTo(12);
        assertThat(last.path("fix").asString()).contains("wrong.example");
    }

    @Test
    void smtpWithoutStarttlsShouldBeReported() {
        Result r = check("smtp://alice@example.com@127.0.0.1:" + greenMail.getSmtp().getPort(),
                "--password-command", "echo alice-secret");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.out()).contains("✓ greeting: '220 ", "✓ EHLO before STARTTLS:",
                "✗ STARTTLS: the server does not offer STARTTLS on port " + greenMail.getSmtp().getPort(), "smtps://");
    }

    @Test
    void smtpStarttlsAnsweredWithAnErrorShouldBeATlsFailureBeforeAnyPassword() throws Exception {
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> scriptedSmtpRefusingStarttls(listener, received), "scripted-smtp");
            server.setDaemon(true);
            server.start();
            Result r = check("smtp://alice@example.com@127.0.0.1:" + listener.getLocalPort(),
                    "--password-command", "echo alice-secret");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
            assertThat(r.out()).contains("✗ STARTTLS: the server refused STARTTLS: 454 4.7.0 TLS not available");
            assertThat(received).as("nothing after the refused STARTTLS but QUIT")
                    .allMatch(c -> c.startsWith("EHLO") || c.equals("STARTTLS") || c.equals("QUIT"));
            assertThat(String.join("\n", received)).doesNotContain("alice-secret",
                    java.util.Base64.getEncoder().encodeToString("\0alice@example.com\0alice-secret".getBytes()));
        }
    }

    /** Greets, offers STARTTLS and AUTH PLAIN, answers STARTTLS with 454, records every command line. */
    private static void scriptedSmtpRefusingStarttls(ServerSocket listener, List<String> received) {
        while (!listener.isClosed()) {
            try (java.net.Socket s = listener.accept()) {
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                java.io.OutputStream out = s.getOutputStream();
                out.write("220 scripted ESMTP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (String line; (line = in.readLine()) != null; ) {
                    received.add(line);
                    String reply = line.startsWith("EHLO") ? "250-scripted\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
                            : line.equals("STARTTLS") ? "454 4.7.0 TLS not available due to temporary reason\r\n"
                            : line.equals("QUIT") ? "221 bye\r\n" : "530 5.7.0 Must issue a STARTTLS command first\r\n";
                    out.write(reply.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    if (line.equals("QUIT")) {
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                return; // the listener was closed
            }
        }
    }

    @Test
    void smtpLoginShouldBeChecked() {
        Result r = check("smtp://alice@example.com@127.0.0.1:" + greenMail.getSmtp().getPort() + "?starttls=none",
                "--password-command", "echo alice-secret", "--insecure");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("✓ EHLO:", "AUTH", "✓ authentication mechanisms:", "✓ login: alice@example.com");
        Result wrong = check("smtp://alice@example.com@127.0.0.1:" + greenMail.getSmtp().getPort() + "?starttls=none",
                "--password-command", "echo nope", "--insecure");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(10);
    }

    @Test
    void smtpsWithAnUntrustedCertificateShouldBeReportedAndInsecureShouldWarn() {
        String uri = "smtps://alice@example.com@127.0.0.1:" + greenMail.getSmtps().getPort();

        Result untrusted = check(uri, "--password-command", "echo alice-secret");
        Result insecure = check(uri, "--password-command", "echo alice-secret", "--insecure");

        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(12);
        assertThat(untrusted.out()).contains("✓ TLS handshake:", "✗ certificate: the certificate is not trusted");
        assertThat(insecure.exitCode()).as(insecure.toString()).isZero();
        assertThat(insecure.out()).contains("! certificate: NOT verified (--insecure)", "✓ greeting: '220 ",
                "✓ login: alice@example.com");
        assertThat(insecure.err()).contains("WARNING: --insecure");
    }

    @Test
    void anArchiveUriShouldBeAUsageError() {
        Result r = check("maildir:/tmp/x");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("check examines servers");
    }

    /** A file only its owner can read, as secrets should be. */
    private Path secretFile(String name, String content) throws java.io.IOException {
        Path p = state.resolve(name);
        PrivateFiles.writeAtomically(p, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return p;
    }
}
