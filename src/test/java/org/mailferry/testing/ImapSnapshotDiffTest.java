package org.mailferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailferry.testing.ImapSnapshot.DiffOptions;
import org.mailferry.testing.ImapSnapshot.SnapshotMessage;

/** The comparison of snapshots, without a server. */
class ImapSnapshotDiffTest {

    private static final Instant T1 = Instant.parse("2003-07-14T11:04:05Z");
    private static final Instant T2 = Instant.parse("2021-02-28T18:29:59Z");

    private static SnapshotMessage msg(String folder, long uid, String sha, Set<String> flags, Set<String> kws, Instant t) {
        return new SnapshotMessage(folder, uid, sha, 100, flags, kws, t);
    }

    @Test
    void equalSnapshotsWithDifferentUidsAndDuplicatesHaveNoDifferences() {
        ImapSnapshot a = ImapSnapshot.of(List.of("INBOX", "Empty"), List.of(
                msg("INBOX", 1, "aa", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 2, "aa", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 3, "bb", Set.of(), Set.of("Work"), T2)));
        ImapSnapshot b = ImapSnapshot.of(List.of("INBOX", "Empty", "Trash"), List.of(
                msg("INBOX", 12, "bb", Set.of(), Set.of("Work"), T2),
                msg("INBOX", 10, "aa", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 11, "aa", Set.of("\\Seen"), Set.of(), T1)));
        assertThat(ImapSnapshot.diff(a, b)).isEmpty();
    }

    @Test
    void reportsMissingExtraFlagKeywordDateAndFolderDifferences() {
        ImapSnapshot expected = ImapSnapshot.of(List.of("INBOX", "A/B", "Empty"), List.of(
                msg("INBOX", 1, "aa", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 2, "aa", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 3, "bb", Set.of(), Set.of("Work"), T2),
                msg("A/B", 1, "cc", Set.of(), Set.of(), T1)));
        ImapSnapshot actual = ImapSnapshot.of(List.of("INBOX"), List.of(
                msg("INBOX", 7, "aa", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 8, "bb", Set.of("\\Seen"), Set.of(), T1),
                msg("INBOX", 9, "dd", Set.of(), Set.of(), T1)));
        List<String> diff = ImapSnapshot.diff(expected, actual);
        assertThat(diff).hasSize(5);
        assertThat(diff).anySatisfy(d -> assertThat(d).startsWith("A/B: folder missing (expected 1 messages)"));
        assertThat(diff).anySatisfy(d -> assertThat(d).startsWith("Empty: folder missing"));
        assertThat(diff).anySatisfy(d -> assertThat(d).startsWith("INBOX: message differs (expected uid 3, actual uid 8")
                .contains("flags [] -> [\\Seen]").contains("keywords [Work] -> []")
                .contains("internal date " + T2 + " -> " + T1));
        assertThat(diff).anySatisfy(d -> assertThat(d).startsWith("INBOX: missing message (expected uid 2)"));
        assertThat(diff).anySatisfy(d -> assertThat(d).startsWith("INBOX: extra message (actual uid 9)"));

        DiffOptions lenient = DiffOptions.DEFAULT.allowingMissingEmptyFolders().withoutInternalDate()
                .ignoringFlags("\\Seen").ignoringKeywords("Work").ignoringFolders("A/B");
        assertThat(ImapSnapshot.diff(expected, actual, lenient)).hasSize(2);
    }

    @Test
    void folderMappingRenamesExpectedFolders() {
        ImapSnapshot expected = ImapSnapshot.of(List.of("Old"), List.of(msg("Old", 1, "aa", Set.of(), Set.of(), T1)));
        ImapSnapshot actual = ImapSnapshot.of(List.of("Restored/Old"),
                List.of(msg("Restored/Old", 5, "aa", Set.of(), Set.of(), T1)));
        assertThat(ImapSnapshot.diff(expected, actual, DiffOptions.DEFAULT.withFolderMapping(f -> "Restored/" + f)))
                .isEmpty();
    }
}
