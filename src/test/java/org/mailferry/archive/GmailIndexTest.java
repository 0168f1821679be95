package org.mailferry.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.GmailMeta;

class GmailIndexTest {

    @TempDir
    Path dir;

    @Test
    void laterLinesShouldReplaceEarlierOnesAndSurviveALineCutByACrash() throws Exception {
        Path file = dir.resolve("mailferry-gmail.jsonl");
        GmailIndex index = GmailIndex.load(file);
        index.record(Map.of(1L, new GmailMeta(11, 12, List.of("\\Inbox", "Work"))));
        index.record(Map.of(1L, new GmailMeta(11, 12, List.of("Work"))));
        Files.writeString(file, "{\"uid\":2,\"msgId\":2", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        GmailIndex reopened = GmailIndex.load(file);
        assertThat(reopened.get(1)).isEqualTo(new GmailMeta(11, 12, List.of("Work")));
        assertThat(reopened.get(2)).isNull();
        reopened.record(Map.of(3L, new GmailMeta(31, 31, List.of())));
        assertThat(GmailIndex.load(file).get(3)).isEqualTo(new GmailMeta(31, 31, List.of()));
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("{\"format\":\"mailferry-gmail-index\",\"version\":1}");
    }
}
