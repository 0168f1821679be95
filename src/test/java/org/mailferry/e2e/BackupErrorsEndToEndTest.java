package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;

/**
 * Configuration errors through the CLI: each gives one line on stderr naming the cause and the
 * fix, its documented exit code, and writes no message.
 */
class BackupErrorsEndToEndTest {

    private static final String USER = TestImapServer.user(4);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    private MailferryCli.Result backup(String source, String... more) throws Exception {
        return E2eSupport.cli(work).run(args("backup", "--source", source, "--to", "maildir:" + work.resolve("a"),
                more));
    }

    @Test
    void wrongPasswordShouldExitWithAuthenticationCode() throws Exception {
        Path wrong = work.resolve("wrong-pass");
        Files.writeString(wrong, "not-the-password\n");
        Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        MailferryCli.Result r = backup(E2eSupport.imaps(server, USER), "--password-file", wrong.toString(),
                "--trust-cert", server.cert().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(10);
        assertThat(r.err()).contains("login refused").contains("--password-file").doesNotContain("not-the-password");
        assertThat(E2eSupport.maildirMessages(work.resolve("a"))).isZero();
    }

    @Test
    void selfSignedCertificateShouldExitWithTlsCodeAndNameTheFix() throws Exception {
        MailferryCli.Result r = backup(E2eSupport.imaps(server, USER), "--password-file",
                server.passwordFile(USER).toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.err()).contains("not trusted").contains("--trust-cert");
    }

    @Test
    void certificateForAnotherHostShouldExitWithTlsCode() throws Exception {
        String source = "imaps://" + USER + "@127.0.0.1:" + server.imapsWrongNamePort();
        MailferryCli.Result r = backup(source, "--password-file", server.passwordFile(USER).toString(),
                "--trust-cert", server.cert().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.err()).contains("another host name");
    }

    @Test
    void closedPortShouldExitWithConnectionCode() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MailferryCli.Result r = backup("imaps://" + USER + "@127.0.0.1:" + port, "--password-file",
                server.passwordFile(USER).toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(11);
        assertThat(r.err()).contains("cannot connect").contains("993");
    }

    @Test
    void implicitTlsAgainstPlainPortShouldExitWithTlsCodeAndSuggestStarttls() throws Exception {
        String source = "imaps://" + USER + "@127.0.0.1:" + server.imapPort();
        MailferryCli.Result r = backup(source, "--password-file", server.passwordFile(USER).toString(),
                "--trust-cert", server.cert().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.err()).contains("starttls");
    }

    @Test
    void starttlsShouldWorkOnThePlainPort() throws Exception {
        String source = "imap://" + USER + "@127.0.0.1:" + server.imapPort() + "?starttls=required";
        MailferryCli.Result r = backup(source, "--password-file", server.passwordFile(USER).toString(),
                "--trust-cert", server.cert().toString(), "--folders", "INBOX");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void passwordInTheUriShouldBeRefusedWithoutEchoingIt() throws Exception {
        MailferryCli.Result r = backup("imaps://" + USER + ":s3cret@127.0.0.1:993");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("password").doesNotContain("s3cret");
    }

    @Test
    void noPasswordSourceWithoutTerminalShouldExitWithUsageCode() throws Exception {
        MailferryCli.Result r = backup(E2eSupport.imaps(server, USER));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--password-file");
    }
}
