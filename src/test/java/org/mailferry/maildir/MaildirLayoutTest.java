package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.archive.ArchiveNames;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;

class MaildirLayoutTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // segments, split on '|'; directory name
        "INBOX;          .",
        "inbox;          .",
        "Sent;           .Sent",
        "a|b|c;          .a.b.c",
        "INBOX|sub;      .INBOX.sub",
        "Inbox|sub;      .INBOX.sub",
        "..;             .%2E%2E",
        ".;              .%2E",
        "a.b;            .a%2Eb",
        "a/b|c;          .a%2Fb.c",
        "Entwürfe|2024;  .Entw&APw-rfe.2024",
        "日本;           .&ZeVnLA-",
        "R&D;            .R&-D",
        "~home;          .%7Ehome",
        "Sent Messages;  .Sent Messages",
    })
    void directoryNameShouldFollowMaildirPlusPlusAndDecodeBackWhenGivenAFolder(String segments, String expected) {
        FolderPath path = new FolderPath(List.of(segments.split("\\|")));

        assertThat(MaildirLayout.directoryName(path)).isEqualTo(expected);
        assertThat(MaildirLayout.decodeDirectoryName(expected)).contains(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        ".Sent Messages;          Sent Messages",
        ".Entw&APw-rfe.2024;      Entwürfe/2024",
        ".Foo~0123abcd;           Foo",
        ".INBOX.Archiv;           INBOX/Archiv",
    })
    void decodeDirectoryNameShouldReadForeignNamesWhenTheyAreMaildirPlusPlus(String name, String display) {
        assertThat(MaildirLayout.decodeDirectoryName(name)).contains(FolderPath.of(display));
    }

    @ParameterizedTest
    @CsvSource({"cur", "..x", ".x.", "..", "tmp"})
    void decodeDirectoryNameShouldRefuseNamesWhenTheyAreNoFolders(String name) {
        assertThat(MaildirLayout.decodeDirectoryName(name)).isEmpty();
    }

    @Test
    void createShouldAppendCaseSuffixWhenAnotherFolderDiffersOnlyInCase() {
        MaildirLayout layout = new MaildirLayout(root);
        FolderPath upper = FolderPath.of("Foo");
        FolderPath lower = FolderPath.of("foo");

        MaildirFolder first = layout.create(upper, fresh(upper));
        MaildirFolder second = layout.create(lower, fresh(lower));

        assertThat(first.dir()).isEqualTo(root.resolve(".Foo"));
        assertThat(second.dir()).isEqualTo(root.resolve(".foo" + ArchiveNames.caseSuffix("foo")));
        assertThat(layout.create(lower, fresh(lower)).dir()).isEqualTo(second.dir());
        assertThat(layout.create(upper, fresh(upper)).dir()).isEqualTo(first.dir());
        assertThat(layout.find(lower)).contains(second);
        assertThat(layout.folders()).containsOnlyKeys(upper, lower);
    }

    @Test
    void createShouldGiveEachCaseTwinItsOwnDirectoryWhenPartitionsOpenConcurrently() throws Exception {
        MaildirLayout layout = new MaildirLayout(root);
        List<FolderPath> twins = Stream.of("Foo", "foo", "FOO", "fOo", "Bar").map(FolderPath::of).toList();
        ExecutorService pool = Executors.newFixedThreadPool(twins.size());
        try {
            List<Future<MaildirFolder>> created = pool.invokeAll(twins.stream()
                    .map(p -> (Callable<MaildirFolder>) () -> layout.create(p, fresh(p))).toList());
            Set<String> names = new HashSet<>();
            for (Future<MaildirFolder> f : created) {
                names.add(f.get().dir().getFileName().toString().toLowerCase(Locale.ROOT));
            }
            assertThat(names).hasSize(twins.size());
        } finally {
            pool.shutdown();
        }
        assertThat(layout.folders()).containsOnlyKeys(twins);
    }

    @Test
    void createShouldMakeInboxTheRootWhenFolderIsInbox() {
        MaildirLayout layout = new MaildirLayout(root);

        MaildirFolder inbox = layout.create(FolderPath.INBOX, fresh(FolderPath.INBOX));
        layout.create(FolderPath.of("INBOX/sub"), fresh(FolderPath.of("INBOX/sub")));

        assertThat(inbox.dir()).isEqualTo(root.toAbsolutePath());
        assertThat(root.resolve("cur")).isDirectory();
        assertThat(root.resolve("new")).isDirectory();
        assertThat(root.resolve("tmp")).isDirectory();
        assertThat(root.resolve(".INBOX.sub/cur")).isDirectory();
        assertThat(root.resolve(".INBOX.sub/maildirfolder")).isEmptyFile();
        assertThat(root.resolve("maildirfolder")).doesNotExist();
        assertThat(layout.folders()).containsOnlyKeys(FolderPath.INBOX, FolderPath.of("INBOX/sub"));
    }

    @Test
    void foldersShouldTrustStateFileAndSkipDirectoriesWithoutCurWhenListing() throws Exception {
        MaildirLayout layout = new MaildirLayout(root);
        FolderPath exact = FolderPath.of("Projects/2026");
        new MaildirFolder(root.resolve(".Renamed")).create(true);
        new MaildirFolder(root.resolve(".Renamed")).writeState(fresh(exact));
        Files.createDirectories(root.resolve(".Foreign/cur"));
        Files.createDirectories(root.resolve(".NoMaildir"));
        Files.createFile(root.resolve(".mailferry.lock"));

        assertThat(layout.folders()).containsOnlyKeys(exact, FolderPath.of("Foreign"));
        assertThat(layout.folders().get(exact).dir()).isEqualTo(root.resolve(".Renamed"));
    }

    static ArchivedFolder fresh(FolderPath path) {
        return ArchivedFolder.fresh(FolderInfo.of(path), path);
    }
}
