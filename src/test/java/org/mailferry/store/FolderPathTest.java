package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FolderPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a/b   | /  | a/b
            a//b  | /  | a//b
            /x    | /  | /x
            A.B   | .  | A/B
            A/B   | .  | A%2FB
            100%  | /  | 100%25
            """)
    void parseShouldKeepEveryServerNameDistinct(String name, char delimiter, String key) {
        assertThat(FolderPath.parse(name, delimiter).key()).isEqualTo(key);
    }

    @Test
    void namesThatLookAlikeShouldStayDistinctInASortedSet() {
        List<FolderPath> all = List.of(FolderPath.parse("A.B", '.'), FolderPath.parse("A/B", '.'),
                FolderPath.parse("a//b", '/'), FolderPath.parse("a/b", '/'), FolderPath.parse("/x", '/'),
                FolderPath.parse("x", '/'));

        assertThat(new TreeSet<>(all)).hasSize(6);
        assertThat(all.stream().map(FolderPath::key).distinct()).hasSize(6);
    }

    @Test
    void theDisplayFormUsersTypeShouldDropEmptySegments() {
        assertThat(FolderPath.of("Projects//2026/")).isEqualTo(new FolderPath(List.of("Projects", "2026")));
    }
}
