package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailferry.maildir.TestMessages.DATE;
import static org.mailferry.maildir.TestMessages.body;
import static org.mailferry.maildir.TestMessages.files;
import static org.mailferry.maildir.TestMessages.flags;
import static org.mailferry.maildir.TestMessages.message;
import static org.mailferry.maildir.TestMessages.sha256;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SpecialUse;
import org.mailferry.store.SyncState;
import org.mailferry.store.TempFileContent;
import org.mailferry.store.WriteOutcome;

class MaildirFolderSinkTest {

    private static final FolderPath FOO = FolderPath.of("Foo");

    @TempDir
    Path root;

    private MaildirLayout layout;

    @BeforeEach
    void setUp() {
        layout = new MaildirLayout(root);
    }

    @Test
    void writeShouldSkipMessagesAlreadyHeldWhenChunkIsRepeated() throws Exception {
        List<SourceMessage> chunk = List.of(message(7, 1), message(7, 2), message(7, 5));
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            assertThat(sink.write(chunk)).extracting(WriteOutcome::kind).containsOnly(WriteOutcome.Kind.WRITTEN);
        }

        try (MaildirFolderSink again = open(FOO)) {
            assertThat(again.syncState()).isEqualTo(new SyncState(7, 5, 0));
            assertThat(again.write(chunk)).containsExactly(
                    WriteOutcome.present(1), WriteOutcome.present(2), WriteOutcome.present(5));
        }
        assertThat(files(root.resolve(".Foo/cur"))).extracting(f -> MaildirFileName.parse(f.getFileName().toString()).uid())
                .containsExactlyInAnyOrder(1L, 2L, 5L);
    }

    @Test
    void writeShouldWriteUidOnceWhenItAppearsTwiceInOneChunk() {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);

            assertThat(sink.write(List.of(message(7, 3), message(7, 3)))).extracting(WriteOutcome::kind)
                    .containsExactly(WriteOutcome.Kind.WRITTEN, WriteOutcome.Kind.ALREADY_PRESENT);
        }
    }

    @Test
    void writeShouldKeepExactBytesAndSetMtimeToInternalDateWhenMessageIsWritten() throws Exception {
        byte[] bytes = body(9);
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            List<WriteOutcome> out = sink.write(List.of(message(7, 9, DATE, bytes)));

            assertThat(out).containsExactly(WriteOutcome.written(9, bytes.length));
        }
        Path file = files(root.resolve(".Foo/cur")).get(0);
        assertThat(sha256(file)).isEqualTo(sha256(bytes));
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(DATE);
        assertThat(file.getFileName().toString())
                .matches(DATE.getEpochSecond() + "\\.M\\d+P\\d+Q\\d+\\.[^,/:]+,U=9,S=" + bytes.length + ":2,");
    }

    @Test
    void writeShouldMoveSpilledTempFileWhenOnSameFileSystem() throws Exception {
        byte[] bytes = body(4);
        Path spilled = Files.write(root.resolve("spill.eml"), bytes);
        TempFileContent content = new TempFileContent(spilled, bytes.length);
        SourceMessage m = new SourceMessage(7, new MessageMeta(4, bytes.length, DATE, MessageFlags.NONE), content);
        try (MaildirFolderSink sink = open(FOO); m) {
            sink.beginGeneration(7);
            sink.write(List.of(m));
        }

        assertThat(spilled).doesNotExist();
        Path file = files(root.resolve(".Foo/cur")).get(0);
        assertThat(sha256(file)).isEqualTo(sha256(bytes));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(DATE);
    }

    @Test
    void writeShouldNameSystemFlagsAndKeywordLettersWhenMessageHasThem() throws Exception {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "\\Seen", "\\Flagged", "work", "$Forwarded"),
                    message(7, 2, "\\Answered", "\\Draft", "\\Deleted", "work", "later")));
        }

        assertThat(Files.readString(root.resolve(".Foo/dovecot-keywords")))
                .isEqualTo("0 $Forwarded\n1 work\n2 later\n");
        assertThat(files(root.resolve(".Foo/cur"))).extracting(f -> f.getFileName().toString())
                .anySatisfy(n -> assertThat(n).contains(",U=1,").endsWith(":2,FSab"))
                .anySatisfy(n -> assertThat(n).contains(",U=2,").endsWith(":2,DRTbc"));
    }

    @Test
    void writeShouldGiveNewKeywordTheFirstFreeIndexWhenDovecotKeywordsHasAGap() throws Exception {
        Files.createDirectories(root.resolve(".Foo"));
        Files.writeString(root.resolve(".Foo/dovecot-keywords"), "0 old\n2 other\n");
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "new", "other")));
        }

        assertThat(Files.readString(root.resolve(".Foo/dovecot-keywords"))).isEqualTo("0 old\n1 new\n2 other\n");
        assertThat(files(root.resolve(".Foo/cur")).get(0).getFileName().toString()).endsWith(":2,bc");
    }

    @Test
    void writeShouldKeepKeywordsBeyond26InSidecarWhenLettersRunOut() throws Exception {
        String[] many = IntStream.rangeClosed(1, 28).mapToObj(i -> String.format("kw%02d", i)).toArray(String[]::new);
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 3, many)));
        }

        assertThat(Files.readAllLines(root.resolve(".Foo/dovecot-keywords"))).hasSize(26);
        assertThat(files(root.resolve(".Foo/cur")).get(0).getFileName().toString())
                .endsWith(":2,abcdefghijklmnopqrstuvwxyz");
        assertThat(Files.readString(root.resolve(".Foo/mailferry-keywords.json")))
                .contains("\"version\" : 1").contains("\"3\"").contains("kw27").contains("kw28").doesNotContain("kw26");
    }

    @Test
    void updateFlagsShouldRenameFileAndIgnoreUnknownUidsWhenFlagsChange() throws Exception {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "\\Seen"), message(7, 2)));

            sink.updateFlags(List.of(new FlagChange(1, flags("\\Flagged", "todo")), new FlagChange(99, flags("\\Seen"))));
        }

        List<String> names = files(root.resolve(".Foo/cur")).stream().map(f -> f.getFileName().toString()).toList();
        assertThat(names).hasSize(2)
                .anySatisfy(n -> assertThat(n).contains(",U=1,").endsWith(":2,Fa"))
                .anySatisfy(n -> assertThat(n).contains(",U=2,").endsWith(":2,"));
        assertThat(Files.readString(root.resolve(".Foo/dovecot-keywords"))).isEqualTo("0 todo\n");
    }

    @Test
    void updateFlagsShouldFindFileAgainWhenSomeoneElseRenamedIt() throws Exception {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1)));
            Path file = files(root.resolve(".Foo/cur")).get(0);
            Files.move(file, file.resolveSibling(file.getFileName() + "T"));

            sink.updateFlags(List.of(new FlagChange(1, flags("\\Seen"))));
            sink.write(List.of(message(7, 1)));
        }

        assertThat(files(root.resolve(".Foo/cur"))).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).endsWith(":2,S"));
    }

    @Test
    void updateFlagsShouldMoveKeywordsBetweenLettersAndSidecarWhenTheyChange() throws Exception {
        String[] many = IntStream.rangeClosed(1, 27).mapToObj(i -> "k" + i).toArray(String[]::new);
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, many)));

            sink.updateFlags(List.of(new FlagChange(1, flags("\\Seen"))));
        }

        assertThat(Files.readString(root.resolve(".Foo/mailferry-keywords.json"))).doesNotContain("k27");
        assertThat(files(root.resolve(".Foo/cur")).get(0).getFileName().toString()).endsWith(":2,S");
    }

    @Test
    void beginGenerationShouldRecordUidValidityWhenFolderIsNew() {
        try (MaildirFolderSink sink = open(FOO)) {
            assertThat(sink.syncState()).isEqualTo(SyncState.EMPTY);

            assertThat(sink.beginGeneration(42)).isNull();
            assertThat(sink.beginGeneration(42)).isNull();
            assertThat(sink.syncState()).isEqualTo(new SyncState(42, 0, 0));
        }
        assertThat(layout.find(FOO).flatMap(MaildirFolder::state)).map(ArchivedFolder::uidValidity).contains(42L);
    }

    @Test
    void beginGenerationShouldSetOldFolderAsideWhenUidValidityChanges() throws Exception {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1), message(7, 2)));
            sink.completePass(99);

            String said = sink.beginGeneration(8);

            assertThat(said).contains("7").contains("8").contains("Foo [uidvalidity 7]");
            assertThat(sink.syncState()).isEqualTo(new SyncState(8, 0, 0));
            assertThat(sink.write(List.of(message(8, 1)))).extracting(WriteOutcome::kind)
                    .containsExactly(WriteOutcome.Kind.WRITTEN);
        }
        Path retired = root.resolve(".Foo [uidvalidity 7]");
        assertThat(files(retired.resolve("cur"))).hasSize(2);
        assertThat(new MaildirFolder(retired).state()).get().satisfies(s -> {
            assertThat(s.path()).isEqualTo(FolderPath.of("Foo [uidvalidity 7]"));
            assertThat(s.uidValidity()).isEqualTo(7);
            assertThat(s.highestModSeq()).isEqualTo(99);
            assertThat(s.retiredUidValidity()).isEqualTo(7);
            assertThat(s.role()).isEqualTo("SENT");
        });
        assertThat(files(root.resolve(".Foo/cur"))).hasSize(1);
        assertThat(new MaildirFolder(root.resolve(".Foo")).state()).get()
                .satisfies(s -> assertThat(s.uidValidity()).isEqualTo(8))
                .satisfies(s -> assertThat(s.role()).isEqualTo("SENT"));
        assertThat(layout.folders()).containsOnlyKeys(FOO, FolderPath.of("Foo [uidvalidity 7]"));
    }

    @Test
    void beginGenerationShouldMoveInboxContentIntoRetiredFolderWhenInboxUidValidityChanges() throws Exception {
        try (MaildirFolderSink sink = open(FolderPath.INBOX)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "kw")));

            assertThat(sink.beginGeneration(8)).isNotNull();
            sink.write(List.of(message(8, 1)));
        }

        Path retired = root.resolve(".INBOX [uidvalidity 7]");
        assertThat(files(retired.resolve("cur"))).hasSize(1);
        assertThat(retired.resolve("dovecot-keywords")).hasContent("0 kw");
        assertThat(files(root.resolve("cur"))).hasSize(1);
        assertThat(root.resolve("dovecot-keywords")).doesNotExist();
        assertThat(layout.folders()).containsOnlyKeys(FolderPath.INBOX, FolderPath.of("INBOX [uidvalidity 7]"));
    }

    @Test
    void openShouldCompleteRetirementWhenCrashCutItShort() throws Exception {
        try (MaildirFolderSink sink = open(FolderPath.INBOX)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1)));
        }
        MaildirFolder inbox = layout.find(FolderPath.INBOX).orElseThrow();
        ArchivedFolder state = inbox.state().orElseThrow();
        FolderPath retiredPath = ArchivedFolder.retiredPath(FolderPath.INBOX, 7);
        inbox.writeState(state.retiredAs(retiredPath));
        Files.createDirectories(root.resolve(".INBOX [uidvalidity 7]/cur"));
        Files.move(files(root.resolve("cur")).get(0), root.resolve(".INBOX [uidvalidity 7]/cur/moved:2,"));

        try (MaildirFolderSink sink = open(FolderPath.INBOX)) {
            assertThat(sink.syncState()).isEqualTo(SyncState.EMPTY);
        }

        assertThat(files(root.resolve(".INBOX [uidvalidity 7]/cur"))).hasSize(1);
        assertThat(layout.find(retiredPath).flatMap(MaildirFolder::state)).map(ArchivedFolder::retiredUidValidity)
                .contains(7L);
        assertThat(files(root.resolve("cur"))).isEmpty();
    }

    @Test
    void openShouldDeleteLeftoverTempFilesWhenReopenedAfterCrash() throws Exception {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1)));
        }
        Files.write(root.resolve(".Foo/tmp/mailferry-1700000000.M1P2Q3.host"), body(2));
        Files.write(root.resolve(".Foo/tmp/1700000000.M1P2.delivered-by-someone-else"), body(3));

        try (MaildirFolderSink sink = open(FOO)) {
            assertThat(sink.syncState()).isEqualTo(new SyncState(7, 1, 0));
            sink.write(List.of(message(7, 1), message(7, 2)));
        }

        assertThat(files(root.resolve(".Foo/tmp"))).extracting(f -> f.getFileName().toString())
                .containsExactly("1700000000.M1P2.delivered-by-someone-else");
        assertThat(files(root.resolve(".Foo/cur"))).hasSize(2);
    }

    @Test
    void completePassShouldKeepHighestModSeqWhenSinkIsReopened() {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 3)));
            sink.completePass(1234);
        }

        try (MaildirFolderSink sink = open(FOO)) {
            assertThat(sink.syncState()).isEqualTo(new SyncState(7, 3, 1234));
        }
    }

    @Test
    void writeShouldRefuseMessagesWhenTheyBelongToAnotherGeneration() {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);

            assertThatThrownBy(() -> sink.write(List.of(message(8, 1)))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void filesShouldBeReadableByOwnerOnlyWhenSinkWrites() throws Exception {
        try (MaildirFolderSink sink = open(FOO)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "kw")));
        }

        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root.resolve(".Foo"))) {
            walk.forEach(all::add);
        }
        assertThat(all).hasSizeGreaterThan(6).allSatisfy(p -> assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(p))).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }

    private MaildirFolderSink open(FolderPath path) {
        FolderInfo source = new FolderInfo(path, path.display(), '/', Optional.of(SpecialUse.SENT), null);
        return new MaildirFolderSink(layout, path, layout.create(path, ArchivedFolder.fresh(source, path)), null);
    }
}
