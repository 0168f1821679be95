package org.mailferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.archive.Compression;
import org.mailferry.archive.Damage;
import org.mailferry.error.ExitCode;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.mbox.MboxStore;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.util.Json;

class ArchiveVerifierTest {

    private static final FolderPath WORK = FolderPath.of("Work/2026");

    @TempDir
    Path root;

    @Test
    void anArchiveJustWrittenShouldVerifyAgainstTheManifestItsRunWrote() {
        try (ArchiveStore store = MboxStore.open(root, true, Compression.ZSTD)) {
            write(store, FolderPath.INBOX, 1, 5);
            write(store, WORK, 1, 3);
            ArchiveManifest m = ArchiveManifest.update(store, "imaps://alice@mail.example.org:993", "0.2.0");
            assertThat(m.folders()).extracting(f -> f.path().display(), f -> f.messages(), f -> f.lastUid(),
                    f -> f.compression(), f -> f.location()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("INBOX", 5L, 5L, "zstd", "INBOX.mbox.zst"),
                    org.assertj.core.groups.Tuple.tuple("Work/2026", 3L, 3L, "zstd", "Work/2026.mbox.zst"));
        }

        VerifyResult r = verify();

        assertThat(r.outcome()).isEqualTo("intact");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.archive().folders()).extracting(FolderVerdict::intact).containsExactly(5L, 3L);
        assertThat(print(r, false)).contains("verify: archive intact: 8 messages in 2 folders");
    }

    @Test
    void messagesAndFoldersAddedAfterTheManifestShouldBeNotesNotDamage() {
        try (ArchiveStore store = MaildirStore.open(root, true)) {
            write(store, FolderPath.INBOX, 1, 2);
            ArchiveManifest.update(store, "imaps://a@h:993", "0.2.0");
            write(store, FolderPath.INBOX, 3, 4);
            write(store, WORK, 1, 1);
        }

        VerifyResult r = verify();

        assertThat(r.outcome()).isEqualTo("intact");
        assertThat(r.archive().folders()).flatExtracting(FolderVerdict::notes)
                .anySatisfy(n -> assertThat(n).contains("2 messages above UID 2"))
                .anySatisfy(n -> assertThat(n).contains("not in the manifest"));
    }

    @Test
    void aDeletedMaildirFileShouldBeNamedAndFailTheManifestCount() throws IOException {
        try (ArchiveStore store = MaildirStore.open(root, true)) {
            write(store, FolderPath.INBOX, 1, 3);
            ArchiveManifest.update(store, "imaps://a@h:993", "0.2.0");
        }
        try (Stream<Path> files = Files.list(root.resolve("cur"))) {
            Files.delete(files.filter(f -> f.toString().contains(",U=2,")).findFirst().orElseThrow());
        }

        VerifyResult r = verify();

        assertThat(r.exitCode()).isEqualTo(ExitCode.ARCHIVE);
        assertThat(r.archive().allDamage()).extracting(Damage::describe)
                .anySatisfy(d -> assertThat(d).contains("message UID 2: recorded as written"))
                .anySatisfy(d -> assertThat(d).contains("the manifest lists 3 messages").contains("holds 2"));
        var json = Json.MAPPER.readTree(print(r, true));
        assertThat(json.path("outcome").asString()).isEqualTo("damaged");
        assertThat(json.path("exitCode").asInt()).isEqualTo(14);
        assertThat(json.path("archive").path("folders").get(0).path("damage").get(0).path("uid").asLong()).isEqualTo(2);
    }

    @Test
    void withoutAManifestTheArchiveShouldStillBeCheckedAndSaySoInANote() {
        try (ArchiveStore store = MboxStore.open(root, true)) {
            write(store, FolderPath.INBOX, 1, 2);
        }

        VerifyResult r = verify();

        assertThat(r.outcome()).isEqualTo("intact");
        assertThat(r.archive().manifest()).isFalse();
        assertThat(r.archive().notes()).singleElement().satisfies(n -> assertThat(n).contains("no mailferry-manifest.json"));
    }

    private VerifyResult verify() {
        try (ArchiveStore store = ArchiveLocator.openForReading(root.toString())) {
            return new VerifyResult(ArchiveVerifier.verify(store), null);
        }
    }

    private static String print(VerifyResult r, boolean json) {
        StringWriter s = new StringWriter();
        VerifyPrinter.print(r, json, new PrintWriter(s));
        return s.toString();
    }

    private static void write(ArchiveStore store, FolderPath folder, long fromUid, long toUid) {
        try (FolderSink sink = store.openSink(FolderInfo.of(folder), folder)) {
            sink.beginGeneration(42);
            sink.write(LongStream.rangeClosed(fromUid, toUid).mapToObj(uid -> {
                byte[] bytes = ("Subject: message " + uid + "\r\n\r\nbody " + uid + "\r\n").getBytes(StandardCharsets.US_ASCII);
                return new SourceMessage(42, new MessageMeta(uid, bytes.length, Instant.parse("2026-01-01T00:00:00Z"),
                        MessageFlags.NONE), new ByteArrayContent(bytes));
            }).toList());
        }
    }
}
