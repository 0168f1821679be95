package org.mailferry.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailferry.archive.Compression;
import org.mailferry.auth.AuthChoice;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.RunOrigin;
import org.mailferry.store.MessageRange;

/** A plan survives the job database as data, and what is recorded (or read back) names no secret source. */
class PlanCodecTest {

    private static final AuthChoice OAUTH = new AuthChoice("--target-", "office365", null, null, null,
            "client-credentials", "contoso.onmicrosoft.com", "app-id", "MF_SECRET", null, Path.of("/etc/mf/cert.pem"),
            null, null, null, null, Path.of("/var/lib/mf/token.json"), null);

    @Test
    void everyPartOfAPlanComesBackFromItsJson() {
        CopyPlan plan = CopyPlan.builder("migrate")
                .source("imaps://alice@mail.example.org:993", AuthChoice.password("--", Path.of("/etc/mf/alice"), null, null))
                .target("imaps://alice@contoso.com@outlook.office365.com:993", OAUTH)
                .folders(List.of("INBOX", "Projects/*"), List.of("Trash"))
                .maps(List.of("^Archive/(.*)$=Old/$1"))
                .transfer(new CopyPlan.Transfer(4, 50, 2.5, 1_000_000, true, null, true))
                .filter(new MessageRange(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1), 10L, null))
                .sizeLimit(35 << 20)
                .tls(new TlsSettings(List.of(Path.of("/etc/mf/ca.pem")), false))
                .tuning(ImapTuning.DEFAULT.withReadTimeout(Duration.ofSeconds(90)))
                .imap(new ImapPolicy(true, ImapPolicy.AppendCheck.FULL))
                .origin(new RunOrigin("tenant", Path.of("/etc/mf/jobs/tenant.yaml"), List.of("migrate", "--parallel=2")))
                .build();

        String json = PlanCodec.toJson(plan);

        assertThat(PlanCodec.fromJson(json)).isEqualTo(plan.withSides(
                new CopyPlan.Side(plan.source().uri(), plan.source().auth().withoutSecretSources()),
                new CopyPlan.Side(plan.target().uri(), OAUTH.withoutSecretSources())));
        assertThat(PlanCodec.fromJson(json).target().auth()).as("what names the login stays")
                .extracting(AuthChoice::provider, AuthChoice::oauth, AuthChoice::tenant, AuthChoice::clientId)
                .containsExactly("office365", "client-credentials", "contoso.onmicrosoft.com", "app-id");
        assertThat(json).as("no secret source: files, variables, keys, token caches")
                .doesNotContain("/etc/mf/alice", "MF_SECRET", "cert.pem", "token.json");
    }

    @Test
    void aSecretSourceWrittenIntoTheDatabaseShouldNotComeBackFromIt() {
        String tampered = PlanCodec.toJson(CopyPlan.builder("backup")
                        .source("imaps://bob@127.0.0.1:993", AuthChoice.password("--", null, null, null))
                        .target("maildir:/backups/bob", null).build())
                .replace("\"passwordCommand\":null", "\"passwordCommand\":\"touch /tmp/owned\"")
                .replace("\"passwordFile\":null", "\"passwordFile\":\"/etc/shadow\"");
        assertThat(tampered).contains("touch /tmp/owned", "/etc/shadow");

        AuthChoice read = PlanCodec.fromJson(tampered).source().auth();

        assertThat(read.passwordCommand()).isNull();
        assertThat(read.passwordFile()).isNull();
        assertThat(read.hasSecretSource()).isFalse();
    }

    @Test
    void commandsAndSecretSourcesInTheOriginAreNotRecorded() {
        AuthChoice command = AuthChoice.password("--", null, null, "echo Sup3rSecret");
        CopyPlan plan = CopyPlan.builder("backup")
                .source("imaps://bob@127.0.0.1:993", command).target("maildir:/backups/bob", null)
                .transfer(new CopyPlan.Transfer(1, 100, 0, 0, false, Duration.ofDays(90), false))
                .compression(Compression.ZSTD)
                .origin(new RunOrigin("nightly", Path.of("/jobs/bob.yaml"),
                        List.of("backup", "--password-command", "echo Sup3rSecret", "--to=maildir:/backups/bob")))
                .build();

        String json = PlanCodec.toJson(plan);
        CopyPlan recorded = PlanCodec.fromJson(json);

        assertThat(json).doesNotContain("Sup3rSecret");
        assertThat(recorded.source().auth().passwordCommand()).isNull();
        assertThat(recorded.origin().arguments()).containsExactly("backup", "--to=maildir:/backups/bob");
        assertThat(recorded.transfer().keepDeletedFor()).isEqualTo(Duration.ofDays(90));
        assertThat(recorded.compression()).isEqualTo(Compression.ZSTD);
    }
}
