package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.GmailMeta;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SpecialUse;

class MaildirLabelLinksTest {

    private static final FolderPath ALL_MAIL = FolderPath.of("[Gmail]/All Mail");
    private static final FolderPath TRASH = FolderPath.of("[Gmail]/Trash");

    @TempDir
    Path root;

    private MaildirFolderSink open(MaildirLayout layout, FolderPath path, SpecialUse role) {
        FolderInfo source = new FolderInfo(path, path.display(), '/', Optional.of(role), null);
        MaildirFolderSink sink = new MaildirFolderSink(layout, path, layout.create(path, ArchivedFolder.fresh(source, path)), null);
        sink.beginGeneration(7);
        return sink;
    }

    private static SourceMessage message(long uid, String... labels) {
        byte[] bytes = ("Subject: " + uid + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return new SourceMessage(7, new MessageMeta(uid, bytes.length, Instant.parse("2026-03-03T10:00:00Z"),
                MessageFlags.NONE, false, new GmailMeta(100 + uid, 100 + uid, List.of(labels))), new ByteArrayContent(bytes));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("cur"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void linksShouldFollowLabelsAndFlagsAndNeverMarkAFolderBackedUpInItsOwnRight() throws Exception {
        MaildirLayout layout = new MaildirLayout(root);
        try (MaildirFolderSink trash = open(layout, TRASH, SpecialUse.TRASH);
             MaildirFolderSink all = open(layout, ALL_MAIL, SpecialUse.ALL)) {
            all.write(List.of(message(1, "Work", "\\Trash"), message(2, "Work")));
            Path allDir = root.resolve(".[Gmail].All Mail");
            Path work = root.resolve(".Work");
            assertThat(names(work)).isEqualTo(names(allDir));
            assertThat(Files.exists(root.resolve(".[Gmail].Trash").resolve(MaildirLayout.LABEL_MARKER))).isFalse();
            assertThat(layout.folders()).containsKeys(TRASH, ALL_MAIL).doesNotContainKey(FolderPath.of("Work"));

            int changed = all.updateFlags(List.of(
                    new FlagChange(1, MessageFlags.fromImapNames(List.of("\\Seen")), new GmailMeta(101, 101, List.of("Work"))),
                    new FlagChange(2, MessageFlags.NONE, new GmailMeta(102, 102, List.of("Later")))));
            assertThat(changed).as("both messages, each once").isEqualTo(2);
            assertThat(names(work)).hasSize(1).allMatch(n -> n.contains(",U=1,") && n.endsWith(":2,S"));
            assertThat(names(root.resolve(".Later"))).hasSize(1).allMatch(n -> n.contains(",U=2,"));
            assertThat(Files.getAttribute(root.resolve(".Later/cur").resolve(names(root.resolve(".Later")).get(0)), "unix:ino"))
                    .isEqualTo(Files.getAttribute(allDir.resolve("cur").resolve(names(root.resolve(".Later")).get(0)), "unix:ino"));
        }
    }

    /**
     * What a run killed after delivering a chunk and before linking its labels leaves (labels are
     * recorded last, the sidecar exists from before the first delivery): messages held, no links,
     * no lines. The next open must say its records are incomplete, so the next run reads every
     * message's labels again, and the links come back (they were lost for good with exit 0 when
     * the labels were recorded first: GmailKillEndToEndTest, a label folder short by 3).
     */
    @Test
    void labelsLinkedAfterARunKilledBeforeItLinkedThem() throws Exception {
        MaildirLayout layout = new MaildirLayout(root);
        Path allDir = root.resolve(".[Gmail].All Mail");
        Path sidecar = allDir.resolve(MaildirFolder.GMAIL_FILE);
        try (MaildirFolderSink all = open(layout, ALL_MAIL, SpecialUse.ALL)) {
            all.write(List.of(message(1, "Work"), message(2, "Work", "Travel")));
        }
        String header = Files.readAllLines(sidecar).get(0);
        Files.writeString(sidecar, header + "\n"); // the chunk's lines not written yet
        for (String label : List.of(".Work", ".Travel")) {
            try (Stream<Path> links = Files.list(root.resolve(label).resolve("cur"))) {
                for (Path link : links.toList()) {
                    Files.delete(link); // nor its links
                }
            }
        }

        MaildirFolder folder = layout.find(ALL_MAIL).orElseThrow();
        try (MaildirFolderSink again = new MaildirFolderSink(layout, ALL_MAIL, folder, null)) {
            assertThat(again.recordsIncomplete()).as("held messages the sidecar lacks").isTrue();
            again.updateFlags(List.of(new FlagChange(1, MessageFlags.NONE, new GmailMeta(101, 101, List.of("Work"))),
                    new FlagChange(2, MessageFlags.NONE, new GmailMeta(102, 102, List.of("Work", "Travel")))));
        }
        assertThat(names(root.resolve(".Work"))).isEqualTo(names(allDir));
        assertThat(names(root.resolve(".Travel"))).hasSize(1).allMatch(n -> n.contains(",U=2,"));
        try (MaildirFolderSink healed = new MaildirFolderSink(layout, ALL_MAIL, layout.find(ALL_MAIL).orElseThrow(), null)) {
            assertThat(healed.recordsIncomplete()).isFalse();
        }
    }
}
