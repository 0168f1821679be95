package org.mailferry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.TestImapServer;

/**
 * Issue 13, row "--trust-cert with a certificate that expired in 2020": refused with its dates
 * (exit 12) before any connection; {@code --insecure} still turns every check off.
 */
class PinnedCertificateValidityTest {

    private static final String USER = TestImapServer.user(46);

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path dir;

    private static String resource(String name) throws Exception {
        return Path.of(PinnedCertificateValidityTest.class.getResource("/tls/" + name).toURI()).toString();
    }

    private CliRun backup(String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("backup", "--source",
                "imaps://" + USER + "@127.0.0.1:" + server.imapsPort(), "--to", "maildir:" + dir.resolve("archive"),
                "--password-file", server.passwordFile(USER).toString(), "--state-dir", dir.resolve("state").toString(),
                "--no-progress"));
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void anExpiredPinnedCertificateShouldBeRefusedWithItsDates() throws Exception {
        CliRun r = backup("--trust-cert", resource("expired-2020.pem"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.err()).contains("CN=expired.example", "expired on 2020-05-15", "valid 2019-01-01");
    }

    @Test
    void aNotYetValidPinnedCertificateShouldBeRefusedWithItsDates() throws Exception {
        CliRun r = backup("--trust-cert", resource("not-yet-valid-2090.pem"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
        assertThat(r.err()).contains("CN=future.example", "is not valid before 2090-01-01");
    }

    @Test
    void checkAndMigrateShouldRefuseAnExpiredPinnedCertificateToo() throws Exception {
        String expired = resource("expired-2020.pem");
        String source = "imaps://" + USER + "@127.0.0.1:" + server.imapsPort();
        String pw = server.passwordFile(USER).toString();
        String state = dir.resolve("state").toString();
        java.util.List<CliRun> runs = java.util.List.of(
                CliRun.of("check", source, "--password-file", pw, "--trust-cert", expired, "--state-dir", state),
                CliRun.of("migrate", "--source", source, "--target", source, "--password-file", pw, "--target-password-file",
                        pw, "--trust-cert", expired, "--state-dir", state, "--no-progress"));
        for (CliRun r : runs) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(12);
            assertThat(r.all()).as(r.toString()).contains("expired on 2020-05-15");
        }
    }

    @Test
    void insecureShouldStillTurnEveryCheckOff() throws Exception {
        server.resetUser(USER);
        CliRun r = backup("--trust-cert", resource("expired-2020.pem"), "--insecure");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("WARNING: --insecure");
    }
}
