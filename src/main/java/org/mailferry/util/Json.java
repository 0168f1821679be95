package org.mailferry.util;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for on-disk formats and reports: records, ISO dates, unknown keys ignored.
 * Everything it writes is safe to print: besides the C0 controls JSON escapes anyway, DEL, C1
 * controls, line separators and bidirectional overrides ({@link SafeText}) are written as
 * backslash-u escapes, so a subject or folder name from a server cannot act on a terminal that
 * shows the JSON, and a parser still reads the same string.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .characterEscapes(new PrintableEscapes()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final ObjectMapper PRETTY = MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /** JSON's own escapes plus a backslash-u escape for every character {@link SafeText} calls unsafe. */
    private static final class PrintableEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            ASCII[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= 0xffff && SafeText.unsafe((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
