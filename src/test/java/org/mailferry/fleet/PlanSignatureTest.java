package org.mailferry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;

/** A worker runs only what a manager of its fleet signed. */
class PlanSignatureTest {

    @TempDir
    Path dir;

    @Test
    void aPlanAlteredInTheDatabaseOrSignedByAnotherFleetIsRefused() throws Exception {
        PlanSignature manager = PlanSignature.createOrLoad(dir.resolve("state/fleet.key"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("state/fleet.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PlanSignature worker = PlanSignature.load(dir.resolve("state/fleet.key"));
        String plan = AccountPartitions.signed("{\"source\":{\"auth\":{\"passwordFile\":\"/etc/mf/alice\"}}}", 8);
        String signature = manager.sign(plan);

        assertThatCode(() -> worker.verify(plan, signature)).doesNotThrowAnyException();
        String altered = plan.replace("/etc/mf/alice", "/etc/shadow");
        assertThatThrownBy(() -> worker.verify(altered, signature)).isInstanceOfSatisfying(MailferryException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining("not signed with the fleet key");
        assertThatThrownBy(() -> worker.verify(AccountPartitions.signed(plan, 999), signature))
                .as("a raised connection cap").isInstanceOf(MailferryException.class);
        assertThatThrownBy(() -> worker.verify(plan, null)).isInstanceOf(MailferryException.class);

        PlanSignature otherFleet = PlanSignature.createOrLoad(dir.resolve("other/fleet.key"));
        assertThatThrownBy(() -> otherFleet.verify(plan, signature)).isInstanceOf(MailferryException.class);
    }

    @Test
    void sealedSecretReferencesOpenOnlyWithTheKeyAndForTheirOwnPlan() {
        PlanSignature manager = PlanSignature.createOrLoad(dir.resolve("state/fleet.key"));
        PlanSignature worker = PlanSignature.load(dir.resolve("state/fleet.key"));
        String alice = AccountPartitions.signed("{\"source\":{\"uri\":\"imaps://alice@h\"}}", 8);
        String bob = AccountPartitions.signed("{\"source\":{\"uri\":\"imaps://bob@h\"}}", 8);
        String refs = "{\"source\":{\"passwordFile\":\"/etc/mf/alice.pw\"}}";

        String sealed = manager.seal(refs, alice);

        assertThat(sealed).as("nothing readable in the database").doesNotContain("alice").doesNotContain("passwordFile");
        assertThat(manager.seal(refs, alice)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(worker.open(sealed, alice)).isEqualTo(refs);
        assertThatThrownBy(() -> worker.open(sealed, bob)).as("moved to another account's partition")
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("cannot be opened with the fleet key");
        String flipped = sealed.substring(0, 30) + (sealed.charAt(30) == '0' ? '1' : '0') + sealed.substring(31);
        assertThatThrownBy(() -> worker.open(flipped, alice)).as("altered").isInstanceOf(MailferryException.class);
        assertThatThrownBy(() -> worker.open("zz", alice)).as("not even hex").isInstanceOf(MailferryException.class);
        PlanSignature otherFleet = PlanSignature.createOrLoad(dir.resolve("other/fleet.key"));
        assertThatThrownBy(() -> otherFleet.open(sealed, alice)).isInstanceOf(MailferryException.class);
    }

    @Test
    void aKeyOthersCanReadShouldBeWarnedAbout() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PlanSignature.class);
        logger.addAppender(log);
        try {
            Path key = dir.resolve("fleet.key");
            PlanSignature.createOrLoad(key);
            assertThat(log.list).as("a new key is private: no warning").isEmpty();
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            PlanSignature.load(key);
            assertThat(log.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .contains("fleet key " + key + " is readable by other users", "chmod 600"));
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void aMissingOrMalformedKeySaysHowToGetOne() throws Exception {
        assertThatThrownBy(() -> PlanSignature.load(dir.resolve("none"))).hasMessageContaining("no fleet key")
                .hasMessageContaining("--fleet-key-file");
        Path bad = Files.writeString(dir.resolve("bad.key"), "not hex\n");
        assertThatThrownBy(() -> PlanSignature.load(bad)).hasMessageContaining("is not 32 bytes in hex");
    }
}
