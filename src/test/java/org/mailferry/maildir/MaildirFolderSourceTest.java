package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.maildir.TestMessages.body;
import static org.mailferry.maildir.TestMessages.flags;
import static org.mailferry.maildir.TestMessages.message;
import static org.mailferry.maildir.TestMessages.sha256;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;

class MaildirFolderSourceTest {

    private static final FolderPath FOO = FolderPath.of("Foo");

    @TempDir
    Path root;

    @Test
    void messagesAfterShouldReadBackExactlyWhatSinkWrote() throws Exception {
        String[] many = IntStream.rangeClosed(1, 27).mapToObj(i -> "k" + i).toArray(String[]::new);
        List<SourceMessage> written = List.of(
                message(7, 3, Instant.parse("2020-01-01T00:00:00Z"), body(3), "\\Seen", "work"),
                message(7, 10, Instant.parse("2019-06-30T23:59:59Z"), body(10), "\\Answered", "\\Flagged"),
                message(7, 12, Instant.parse("2021-02-03T04:05:06Z"), body(12), many));
        MaildirLayout layout = new MaildirLayout(root);
        try (MaildirFolderSink sink = new MaildirFolderSink(layout, FOO, layout.create(FOO, fresh()), null)) {
            sink.beginGeneration(7);
            sink.write(written);
        }

        List<SourceMessage> read = new ArrayList<>();
        try (MaildirFolderSource source = open(); MessageCursor cursor = source.messagesAfter(0)) {
            assertThat(source.uidValidity()).isEqualTo(7);
            assertThat(source.highestModSeq()).isZero();
            assertThat(cursor.expectedCount()).isEqualTo(3);
            assertThat(cursor.expectedBytes()).isEqualTo(written.stream().mapToLong(m -> m.content().size()).sum());
            for (SourceMessage m = cursor.next(); m != null; m = cursor.next()) {
                read.add(m);
            }
        }

        assertThat(read).hasSize(3);
        for (int i = 0; i < 3; i++) {
            SourceMessage w = written.get(i);
            SourceMessage r = read.get(i);
            assertThat(r.uidValidity()).isEqualTo(7);
            assertThat(r.uid()).isEqualTo(w.uid());
            assertThat(r.meta().internalDate()).isEqualTo(w.meta().internalDate());
            assertThat(r.meta().size()).isEqualTo(w.content().size());
            assertThat(r.meta().flags()).isEqualTo(w.meta().flags());
            assertThat(sha256(r.content().open())).isEqualTo(sha256(w.content().open()));
        }
    }

    @Test
    void messagesAfterShouldPutFilesWithoutUidLastInNameOrderWhenMaildirIsForeign() throws Exception {
        MaildirLayout layout = new MaildirLayout(root);
        try (MaildirFolderSink sink = new MaildirFolderSink(layout, FOO, layout.create(FOO, fresh()), null)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 4), message(7, 8)));
        }
        Path cur = root.resolve(".Foo/cur");
        Files.write(cur.resolve("1600000002.M1P1.other,S=3:2,S"), "two".getBytes());
        Files.write(root.resolve(".Foo/new/1600000001.M1P1.other"), "one".getBytes());
        Files.setLastModifiedTime(cur.resolve("1600000002.M1P1.other,S=3:2,S"),
                FileTime.from(Instant.parse("2020-09-13T12:26:42Z")));

        List<SourceMessage> read = new ArrayList<>();
        try (MaildirFolderSource source = open(); MessageCursor cursor = source.messagesAfter(4)) {
            for (SourceMessage m = cursor.next(); m != null; m = cursor.next()) {
                read.add(m);
            }
        }

        assertThat(read).extracting(SourceMessage::uid).containsExactly(8L, 9L, 10L);
        assertThat(new String(read.get(1).content().open().readAllBytes())).isEqualTo("one");
        assertThat(new String(read.get(2).content().open().readAllBytes())).isEqualTo("two");
        assertThat(read.get(2).meta().flags()).isEqualTo(flags("\\Seen"));
        assertThat(read.get(2).meta().internalDate()).isEqualTo(Instant.parse("2020-09-13T12:26:42Z"));
    }

    @Test
    void flagsThroughShouldReportEveryHeldMessageUpToUid() {
        MaildirLayout layout = new MaildirLayout(root);
        try (MaildirFolderSink sink = new MaildirFolderSink(layout, FOO, layout.create(FOO, fresh()), null)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(7, 1, "\\Seen"), message(7, 2, "later"), message(7, 3)));
        }

        List<FlagChange> changes = new ArrayList<>();
        try (MaildirFolderSource source = open()) {
            source.flagsThrough(2, 0, changes::add);
        }

        assertThat(changes).containsExactly(new FlagChange(1, flags("\\Seen")), new FlagChange(2, flags("later")));
    }

    @Test
    void uidValidityShouldBeTheForeignOneWhenFolderHasNoStateFile() throws Exception {
        Files.createDirectories(root.resolve(".Foo/cur"));

        try (MaildirFolderSource source = open(); MessageCursor cursor = source.messagesAfter(0)) {
            assertThat(source.uidValidity()).isEqualTo(MaildirFolderSource.FOREIGN_UIDVALIDITY);
            assertThat(cursor.expectedCount()).isZero();
            assertThat(cursor.next()).isNull();
        }
    }

    @Test
    void aForeignMaildirShouldBeWritableIntoAnMboxArchive(@TempDir Path mboxRoot) throws Exception {
        Path cur = Files.createDirectories(root.resolve(".Foo/cur"));
        Files.writeString(cur.resolve("1700000000.M1P1.host:2,S"), "Subject: foreign\r\n\r\nhello\r\n");

        try (MaildirFolderSource source = open(); MessageCursor cursor = source.messagesAfter(0);
             org.mailferry.mbox.MboxStore mbox = org.mailferry.mbox.MboxStore.open(mboxRoot, true);
             org.mailferry.store.FolderSink sink = mbox.openSink(FolderInfo.of(FOO), FOO)) {
            assertThat(sink.beginGeneration(source.uidValidity())).isNull();
            try (SourceMessage m = cursor.next()) {
                assertThat(sink.write(List.of(m))).extracting(o -> o.kind().name()).containsExactly("WRITTEN");
            }
        }
    }

    private MaildirFolderSource open() {
        return new MaildirFolderSource(FolderInfo.of(FOO), new MaildirLayout(root).find(FOO).orElseThrow());
    }

    private static ArchivedFolder fresh() {
        return ArchivedFolder.fresh(FolderInfo.of(FOO), FOO);
    }
}
