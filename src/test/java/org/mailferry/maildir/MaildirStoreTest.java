package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailferry.maildir.TestMessages.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ManifestFolder;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SpecialUse;

class MaildirStoreTest {

    @TempDir
    Path root;

    @Test
    void listFoldersShouldReturnEveryMaildirSortedByPathWithRoleAndRawName() throws Exception {
        FolderInfo sent = new FolderInfo(FolderPath.of("Sent Items"), "Sent Items", '/', Optional.of(SpecialUse.SENT), null);
        try (MaildirStore store = MaildirStore.open(root, true)) {
            for (FolderInfo f : List.of(FolderInfo.of(FolderPath.of("b/c")), sent, FolderInfo.of(FolderPath.INBOX))) {
                store.openSink(f, f.path()).close();
            }
        }
        Files.createDirectories(root.resolve(".Foreign/cur"));

        try (MaildirStore store = MaildirStore.open(root, false)) {
            List<FolderInfo> folders = store.listFolders();

            assertThat(folders).extracting(FolderInfo::path).containsExactly(FolderPath.of("Foreign"),
                    FolderPath.INBOX, FolderPath.of("Sent Items"), FolderPath.of("b/c"));
            assertThat(folders).extracting(FolderInfo::rawName).containsExactly(".Foreign", ".", ".Sent Items", ".b.c");
            assertThat(folders.get(2).role()).contains(SpecialUse.SENT);
        }
    }

    @Test
    void openSourceShouldReadFolderWrittenThroughSink() {
        FolderPath target = FolderPath.of("Archive/2024");
        try (MaildirStore store = MaildirStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.of("Old")), target)) {
            sink.beginGeneration(5);
            sink.write(List.of(message(5, 1), message(5, 2)));
        }

        try (MaildirStore store = MaildirStore.open(root, false);
             FolderSource source = store.openSource(FolderInfo.of(target));
             MessageCursor cursor = source.messagesAfter(1)) {
            assertThat(source.folder().path()).isEqualTo(target);
            assertThat(source.folder().rawName()).isEqualTo(".Archive.2024");
            assertThat(source.uidValidity()).isEqualTo(5);
            assertThat(cursor.next().uid()).isEqualTo(2);
            assertThat(cursor.next()).isNull();
        }
    }

    @Test
    void manifestFoldersShouldCountFromNamesWhatContentsCountsFromFiles() throws Exception {
        try (MaildirStore store = MaildirStore.open(root, true)) {
            try (FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
                sink.beginGeneration(9);
                sink.write(List.of(message(9, 3), message(9, 7, "\\Seen")));
            }
            try (FolderSink sink = store.openSink(FolderInfo.of(FolderPath.of("Empty")), FolderPath.of("Empty"))) {
                sink.beginGeneration(4);
            }
        }
        // delivered by another program: no U=, and one without S= either
        Files.writeString(root.resolve("cur/1700000000.M1P1Q1.host,S=12:2,S"), "Subject: x\n\n"); // 12 bytes, as named
        Files.writeString(root.resolve("new/1700000001.M1P1Q2.host"), "Subject: y\n\nabcdef");

        try (MaildirStore store = MaildirStore.open(root, false)) {
            List<ManifestFolder> expected = store.contents().stream().map(c -> new ManifestFolder(
                    c.folder().path().segments(), c.location(), c.index(), c.compression(), c.uidValidity(),
                    c.retiredUidValidity(), c.messages().size(), c.bytes(), c.lastUid(), c.sourceName(), "/")).toList();

            assertThat(store.manifestFolders()).isEqualTo(expected);
            assertThat(store.manifestFolders()).extracting(ManifestFolder::messages, ManifestFolder::lastUid)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0L),
                            org.assertj.core.groups.Tuple.tuple(4L, 9L));
        }
    }

    @Test
    void openShouldFailWithBusyWhenAnotherRunWritesTheArchive() {
        try (MaildirStore first = MaildirStore.open(root, true)) {
            assertThatThrownBy(() -> MaildirStore.open(root, true)).isInstanceOfSatisfying(MailferryException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUSY));
        }
        MaildirStore.open(root, true).close();
    }

    @Test
    void openShouldFailAsAUsageErrorWhenArchiveToReadIsMissing() {
        assertThatThrownBy(() -> MaildirStore.open(root.resolve("missing"), false))
                .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void openSourceShouldFailForThatFolderWhenArchiveLacksIt() {
        try (MaildirStore store = MaildirStore.open(root, false)) {
            assertThatThrownBy(() -> store.openSource(FolderInfo.of(FolderPath.of("Nope"))))
                    .isInstanceOfSatisfying(MailferryException.class, e -> assertThat(e.scope()).isEqualTo(FailureScope.FOLDER));
        }
    }

    @Test
    void describeShouldNameAbsoluteRoot() {
        try (MaildirStore store = MaildirStore.open(root, false)) {
            assertThat(store.describe()).isEqualTo("maildir:" + root.toAbsolutePath());
        }
    }
}
