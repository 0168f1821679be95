package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.error.MailferryException;

class MessageRangeTest {

    private static final MessageRange JUNE_SMALL = new MessageRange(LocalDate.parse("2024-06-01"),
            LocalDate.parse("2024-07-01"), 100L, 1000L);

    @ParameterizedTest
    @CsvSource({
            "2024-05-31T23:59:59Z, 500, false",
            "2024-06-01T00:00:00Z, 500, true",
            "2024-06-30T23:59:59Z, 500, true",
            "2024-07-01T00:00:00Z, 500, false",
            "2024-06-10T12:00:00Z, 100, false",
            "2024-06-10T12:00:00Z, 101, true",
            "2024-06-10T12:00:00Z, 999, true",
            "2024-06-10T12:00:00Z, 1000, false"})
    void matchesShouldCompareUtcDaysAndExclusiveSizes(String date, long size, boolean taken) {
        MessageMeta m = new MessageMeta(1, size, Instant.parse(date), MessageFlags.NONE);
        assertThat(JUNE_SMALL.matches(m)).isEqualTo(taken);
        assertThat(MessageRange.ALL.matches(m)).isTrue();
    }

    @Test
    void searchKeysShouldWidenDatesByADay() {
        assertThat(JUNE_SMALL.imapSearchKeys()).isEqualTo("SINCE 31-May-2024 BEFORE 2-Jul-2024 LARGER 100 SMALLER 1000");
        assertThat(MessageRange.ALL.imapSearchKeys()).isEmpty();
    }

    @Test
    void intersectShouldTakeTheNarrowerBoundOfEach() {
        MessageRange other = new MessageRange(LocalDate.parse("2024-05-01"), null, 500L, null);
        assertThat(JUNE_SMALL.intersect(other)).isEqualTo(new MessageRange(LocalDate.parse("2024-06-01"),
                LocalDate.parse("2024-07-01"), 500L, 1000L));
        assertThat(MessageRange.ALL.intersect(other)).isEqualTo(other);
        assertThat(other.intersect(MessageRange.ALL)).isEqualTo(other);
    }

    @Test
    void searchKeysShouldBeCheckedDescribedAndAndedWhenIntersected() {
        MessageRange bob = new MessageRange(null, null, null, null, " FROM bob ");
        MessageRange invoices = new MessageRange(LocalDate.parse("2024-06-01"), null, null, null, "SUBJECT invoice");

        assertThat(bob.search()).isEqualTo("FROM bob");
        assertThat(bob.describe()).isEqualTo("search 'FROM bob'");
        assertThat(bob.isAll()).isFalse();
        assertThat(bob.imapSearchKeys()).as("the keys go as arguments of their own").isEmpty();
        assertThat(bob.intersect(invoices)).isEqualTo(new MessageRange(LocalDate.parse("2024-06-01"), null, null, null,
                "(FROM bob) (SUBJECT invoice)"));
        assertThat(bob.intersect(bob)).isEqualTo(bob);
        assertThat(bob.intersect(MessageRange.ALL)).isEqualTo(bob);
        assertThatThrownBy(() -> new MessageRange(null, null, null, null, "FROM bob\r\nA1 LOGOUT"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void folderStateShouldKeepSearchKeysAndReadStatesWrittenBeforeThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mailferry-folder.json");
        MessageRange bob = new MessageRange(null, null, 10L, null, "FROM \"Bob Smith\"");
        ArchivedFolder.fresh(FolderInfo.of(FolderPath.of("INBOX")), FolderPath.of("INBOX")).withUidValidity(7)
                .withFilter(bob).write(file);
        assertThat(ArchivedFolder.read(file).orElseThrow().filterInForce()).isEqualTo(bob);

        ArchivedFolder.fresh(FolderInfo.of(FolderPath.of("INBOX")), FolderPath.of("INBOX")).withUidValidity(7)
                .withFilter(JUNE_SMALL).write(file);
        Files.writeString(file, Files.readString(file).replaceAll(",\\s*\"search\"\\s*:\\s*null", ""));
        assertThat(Files.readString(file)).doesNotContain("search");
        assertThat(ArchivedFolder.read(file).orElseThrow().filterInForce()).as("a state written before --search")
                .isEqualTo(JUNE_SMALL);
    }

    @Test
    void folderStateShouldKeepTheFilterAsVersion2AndDropBackToVersion1WithoutOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mailferry-folder.json");
        ArchivedFolder state = ArchivedFolder.fresh(FolderInfo.of(FolderPath.of("INBOX")), FolderPath.of("INBOX"))
                .withUidValidity(7).withFilter(JUNE_SMALL);
        state.write(file);
        assertThat(Files.readString(file)).contains("\"version\" : 2").contains("2024-06-01");
        assertThat(ArchivedFolder.read(file).orElseThrow().filterInForce()).isEqualTo(JUNE_SMALL);

        state.withFilter(MessageRange.ALL).write(file);
        assertThat(Files.readString(file)).contains("\"version\" : 1");
        assertThat(ArchivedFolder.read(file).orElseThrow().filterInForce()).isEqualTo(MessageRange.ALL);

        Files.writeString(file, Files.readString(file).replace("\"version\" : 1", "\"version\" : 3"));
        assertThatThrownBy(() -> ArchivedFolder.read(file)).isInstanceOf(MailferryException.class)
                .hasMessageContaining("upgrade mailferry");
    }
}
