package org.mailferry.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            Sent        | Sent
            a.b         | a%2Eb
            ''          | %
            %           | %25
            Grüße       | Gr&APwA3w-e
            """)
    void segmentsShouldEncodeReversibly(String segment, String component) {
        assertThat(ArchiveNames.encodeSegment(segment)).isEqualTo(component);
        assertThat(ArchiveNames.decodeSegment(component)).isEqualTo(segment);
    }

    @Test
    void fitShouldKeepShortNamesAndShortenLongOnesDistinctly() {
        String longName = "x".repeat(300);
        String a = ArchiveNames.fit(longName + "a", "one");
        String b = ArchiveNames.fit(longName + "b", "two");

        assertThat(ArchiveNames.fit("short", "k")).isEqualTo("short");
        assertThat(a).hasSize(ArchiveNames.MAX_NAME).isNotEqualTo(b).startsWith("xxx");
        assertThat(ArchiveNames.fit(longName + "a", "one")).isEqualTo(a);
    }

    @Test
    void fitShouldNeverCutAnEscape() {
        String name = "y".repeat(ArchiveNames.MAX_NAME - 10) + "%2E".repeat(20);

        String fitted = ArchiveNames.fit(name, "k");

        assertThat(fitted.substring(0, fitted.lastIndexOf('~'))).matches("y+(%2E)*");
    }
}
