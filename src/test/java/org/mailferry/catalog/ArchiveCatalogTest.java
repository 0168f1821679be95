package org.mailferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.mbox.MboxStore;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SystemFlag;

/**
 * Search on real archives: a whole pass makes the header index the folder's own record, so the
 * next search reads only the index; any change to the folder (a new message, a flag change) makes
 * it list the folder again.
 */
class ArchiveCatalogTest {

    private static final FolderInfo INBOX = FolderInfo.of(FolderPath.INBOX);

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void aWholeIndexShouldAnswerAloneUntilTheFolderChanges(String format) throws IOException {
        Function<Boolean, ArchiveStore> open = writing -> format.equals("maildir") ? MaildirStore.open(root, writing)
                : MboxStore.open(root, writing);
        try (ArchiveStore store = open.apply(true); FolderSink sink = store.openSink(INBOX, FolderPath.INBOX)) {
            sink.beginGeneration(7);
            sink.write(List.of(message(1, "Invoice March"), message(2, "Lunch"), message(3, "Invoice April")));
        }
        assertThat(subjects(open, "invoice")).containsExactly("Invoice March", "Invoice April");

        Path index = onlyIndexFile();
        Files.writeString(index, Files.readString(index).replace("Invoice April", "Invoice (from the index)"));
        assertThat(subjects(open, "invoice")).as("unchanged folder: the index alone answers")
                .containsExactly("Invoice March", "Invoice (from the index)");

        try (ArchiveStore store = open.apply(true); FolderSink sink = store.openSink(INBOX, FolderPath.INBOX)) {
            sink.updateFlags(List.of(new FlagChange(2, MessageFlags.of(EnumSet.of(SystemFlag.SEEN), Set.of()))));
        }
        List<MessageSummary> found = search(open, "");
        assertThat(found).extracting(MessageSummary::subject).as("a flag change: listed again, true to the files")
                .containsExactly("Invoice March", "Lunch", "Invoice (from the index)");
        assertThat(found.get(1).flags()).containsExactly("\\Seen");

        try (ArchiveStore store = open.apply(true); FolderSink sink = store.openSink(INBOX, FolderPath.INBOX)) {
            sink.write(List.of(message(4, "Invoice May")));
        }
        assertThat(subjects(open, "invoice")).as("a new message: listed again")
                .containsExactly("Invoice March", "Invoice (from the index)", "Invoice May");
    }

    private List<String> subjects(Function<Boolean, ArchiveStore> open, String subject) {
        return search(open, subject).stream().map(MessageSummary::subject).toList();
    }

    private List<MessageSummary> search(Function<Boolean, ArchiveStore> open, String subject) {
        List<MessageSummary> found = new ArrayList<>();
        MessageQuery query = new MessageQuery(List.of(), List.of(), subject.isEmpty() ? List.of() : List.of(subject), null,
                null, Set.of(), List.of(), java.util.Map.of(), null, null);
        try (ArchiveStore store = open.apply(false)) {
            new ArchiveCatalog(store).messages(INBOX, query, found::add);
        }
        return found;
    }

    private Path onlyIndexFile() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(HeaderIndex.DIR))) {
            return files.findFirst().orElseThrow();
        }
    }

    private static SourceMessage message(long uid, String subject) {
        byte[] bytes = ("From: bob@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <" + uid
                + "@example.org>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return new SourceMessage(7, new MessageMeta(uid, bytes.length, Instant.parse("2026-03-0" + uid + "T10:00:00Z"),
                MessageFlags.NONE), new ByteArrayContent(bytes));
    }
}
