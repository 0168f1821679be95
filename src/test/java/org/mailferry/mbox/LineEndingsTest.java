package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.unescape;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineEndingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # message                   | uniform CRLF
            'a\\r\\nb\\r\\n'            | true
            'a\\r\\nb'                  | true
            '\\r\\n'                    | true
            ''                          | false
            'no line ending'            | false
            'a\\nb\\n'                  | false
            'a\\r\\nb\\n'               | false
            'a\\r\\nb\\rc\\r\\n'        | false
            'a\\r\\r\\n'                | false
            'a\\r\\nb\\r'               | false
            """)
    void isUniformCrlfShouldHoldOnlyWhenEveryLineEndingIsCrlf(String message, boolean expected) throws IOException {
        assertThat(LineEndings.isUniformCrlf(new ByteArrayInputStream(unescape(message)))).isEqualTo(expected);
    }
}
