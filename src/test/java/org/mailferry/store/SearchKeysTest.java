package org.mailferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SearchKeysTest {

    @Test
    void atomsQuotedStringsAndGroupsShouldParseAsTyped() {
        SearchKeys keys = SearchKeys.parse("  OR (FROM bob SINCE 1-Mar-2025) SUBJECT \"a \\\"quoted\\\" \\\\ text\" UID 5:* ");

        assertThat(keys.tokens()).containsExactly(new SearchKeys.Atom("OR"),
                new SearchKeys.Group(List.of(new SearchKeys.Atom("FROM"), new SearchKeys.Atom("bob"),
                        new SearchKeys.Atom("SINCE"), new SearchKeys.Atom("1-Mar-2025"))),
                new SearchKeys.Atom("SUBJECT"), new SearchKeys.Text("a \"quoted\" \\ text"),
                new SearchKeys.Atom("UID"), new SearchKeys.Atom("5:*"));
        assertThat(keys).hasToString("OR (FROM bob SINCE 1-Mar-2025) SUBJECT \"a \\\"quoted\\\" \\\\ text\" UID 5:*");
        assertThat(keys.needsUtf8()).isFalse();
    }

    @Test
    void textOutsideAsciiShouldBeAStringAndAskForUtf8() {
        SearchKeys keys = SearchKeys.parse("NOT (SUBJECT März)");

        assertThat(keys.tokens()).containsExactly(new SearchKeys.Atom("NOT"),
                new SearchKeys.Group(List.of(new SearchKeys.Atom("SUBJECT"), new SearchKeys.Text("März"))));
        assertThat(keys.needsUtf8()).isTrue();
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("FROM bob\rDELETE INBOX", "control character (code 13) at character 9"),
                Arguments.of("FROM bob\nA1 LOGOUT", "control character (code 10)"),
                Arguments.of("SUBJECT x\u0000", "control character (code 0)"),
                Arguments.of("SUBJECT \"x\u001b[2J\"", "control character (code 27)"),
                Arguments.of("SUBJECT \"x\u0085\"", "control character (code 133)"),
                Arguments.of("SUBJECT {5}", "'{' is not allowed outside quotes"),
                Arguments.of("SUBJECT a\\b", "'\\' is not allowed outside quotes"),
                Arguments.of("(FROM bob", "a '(' is never closed"),
                Arguments.of("FROM bob)", "')' without a '('"),
                Arguments.of("()", "empty parentheses"),
                Arguments.of("SUBJECT \"open", "a '\"' is never closed at character 9"),
                Arguments.of("SUBJECT \"a\\x\"", "only \\\" and \\\\ may follow a backslash"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void keysThatCouldBreakTheCommandShouldBeRefusedSayingWhere(String typed, String why) {
        assertThatThrownBy(() -> SearchKeys.parse(typed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void emptyOrHugeKeysShouldBeRefused() {
        assertThatThrownBy(() -> SearchKeys.parse("  ")).hasMessageContaining("no search keys given");
        assertThatThrownBy(() -> SearchKeys.parse("TEXT " + "x".repeat(SearchKeys.MAX_LENGTH)))
                .hasMessageContaining("longer than");
    }
}
