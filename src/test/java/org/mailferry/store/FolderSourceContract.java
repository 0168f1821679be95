package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store promises as a source, whatever it is (ARCHITECTURE.md, "One idea: stores and
 * one copy step"): each message once, in ascending UID order, with its exact bytes, flags,
 * keywords and internal date; reading from above a UID; the UIDs asked for, without those the
 * folder lacks; current flags through a UID; a listing that sees what a read sees; the same
 * UIDVALIDITY at every open. Written once; Maildir, mbox and IMAP (the test Dovecot) run it by
 * implementing {@link #fill}.
 */
public interface FolderSourceContract {

    /**
     * A store opened for reading whose folder holds exactly {@code messages}, in this order,
     * and the UIDs they got there (ascending; a server assigns its own).
     */
    Filled fill(List<SourceMessage> messages, Path work) throws Exception;

    /** A filled store, its folder and the UIDs of the messages in the order given. */
    record Filled(Store store, FolderInfo folder, long[] uids) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    /**
     * An archive filled through its own sink (generation 7, the messages' own UIDs) and opened
     * again for reading: {@code open} opens it for writing (true) or reading (false).
     */
    static Filled archive(java.util.function.Function<Boolean, Store> open, List<SourceMessage> messages) {
        FolderInfo inbox = ArchiveSinkContract.INBOX;
        try (Store store = open.apply(true); FolderSink sink = store.openSink(inbox, inbox.path())) {
            sink.beginGeneration(7);
            sink.write(messages);
        }
        Store store = open.apply(false);
        FolderInfo folder = store.listFolders().stream().filter(f -> f.path().equals(inbox.path())).findFirst()
                .orElseThrow();
        return new Filled(store, folder, messages.stream().mapToLong(SourceMessage::uid).toArray());
    }

    /** Four messages of generation 7 with UID gaps: flags, keywords, none, a large one (300 kB). */
    static List<SourceMessage> messages() {
        return List.of(ArchiveSinkContract.message(7, 1, 0, "\\Seen", "$Label1"),
                ArchiveSinkContract.message(7, 2, 300_000, "\\Answered", "\\Flagged"),
                ArchiveSinkContract.message(7, 5, 10),
                ArchiveSinkContract.message(7, 9, 20, "\\Draft", "project_x"));
    }

    /** What a read should yield for the messages of {@link #messages()} under the UIDs they got. */
    private static List<String> expected(long[] uids) {
        List<SourceMessage> given = messages();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            SourceMessage m = given.get(i);
            out.add(ArchiveSinkContract.describe(uids[i], ArchiveSinkContract.bytes(m.uid(),
                            (int) m.meta().size() - ArchiveSinkContract.bytes(m.uid(), 0).length),
                    m.meta().flags(), m.meta().internalDate()));
        }
        return out;
    }

    private static List<String> read(MessageCursor cursor) throws IOException {
        List<String> out = new ArrayList<>();
        try (cursor) {
            for (SourceMessage m; (m = cursor.next()) != null; ) {
                try (SourceMessage held = m; InputStream in = held.content().open()) {
                    out.add(ArchiveSinkContract.describe(held.uid(), in.readAllBytes(), held.meta().flags(),
                            held.meta().internalDate()));
                }
            }
        }
        return out;
    }

    @Test
    default void everyMessageShouldComeOnceInUidOrderWithItsBytesFlagsKeywordsAndDate(@TempDir Path work)
            throws Exception {
        try (Filled filled = fill(messages(), work)) {
            long uidValidity;
            try (FolderSource source = filled.store().openSource(filled.folder())) {
                uidValidity = source.uidValidity();
                assertThat(read(source.messagesAfter(0))).containsExactlyElementsOf(expected(filled.uids()));
            }
            try (FolderSource again = filled.store().openSource(filled.folder())) {
                assertThat(uidValidity).isPositive();
                assertThat(again.uidValidity()).as("the same generation at every open").isEqualTo(uidValidity);
            }
        }
    }

    @Test
    default void readingShouldStartAboveTheGivenUid(@TempDir Path work) throws Exception {
        try (Filled filled = fill(messages(), work); FolderSource source = filled.store().openSource(filled.folder())) {
            long[] uids = filled.uids();
            assertThat(read(source.messagesAfter(uids[1]))).containsExactlyElementsOf(expected(uids).subList(2, 4));
            assertThat(read(source.messagesAfter(uids[3]))).isEmpty();
        }
    }

    @Test
    default void askedUidsShouldComeBackAscendingWithoutThoseTheFolderLacks(@TempDir Path work) throws Exception {
        try (Filled filled = fill(messages(), work); FolderSource source = filled.store().openSource(filled.folder())) {
            long[] uids = filled.uids();
            List<String> all = expected(uids);
            assertThat(read(source.messages(new long[] {uids[1], uids[3], uids[3] + 50})))
                    .containsExactly(all.get(1), all.get(3));
        }
    }

    @Test
    default void currentFlagsShouldBeReportedForEveryMessageThroughTheGivenUid(@TempDir Path work) throws Exception {
        try (Filled filled = fill(messages(), work); FolderSource source = filled.store().openSource(filled.folder())) {
            long[] uids = filled.uids();
            Map<Long, List<String>> reported = new LinkedHashMap<>();
            source.flagsThrough(uids[2], 0, change -> reported.put(change.uid(), change.flags().imapNames()));
            List<SourceMessage> given = messages();
            Map<Long, List<String>> expected = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                expected.put(uids[i], given.get(i).meta().flags().imapNames());
            }
            assertThat(reported).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    @Test
    default void aListingShouldYieldWhatTheCheckedReadYields(@TempDir Path work) throws Exception {
        try (Filled filled = fill(messages(), work); FolderSource source = filled.store().openSource(filled.folder())) {
            long[] uids = filled.uids();
            MessageCursor listing = source.listingAfter(uids[0]);
            assertThat(listing.expectedCount()).isEqualTo(3);
            assertThat(read(listing)).containsExactlyElementsOf(expected(uids).subList(1, 4));
        }
    }
}
