package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.unescape;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MboxrdQuotingTest {

    /** Chunk sizes that cut the input everywhere, including inside "From " and CRLF. */
    private static final int[] CHUNKS = {1, 2, 3, 7, Integer.MAX_VALUE};

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                | crlf  | message                          | stored
            From at the very start                | false | 'From a\\nb\\n'                   | '>From a\\nb\\n'
            From on a later line                  | false | 'a\\nFrom b\\n'                   | 'a\\n>From b\\n'
            quoted From gets one more mark        | false | '>From a\\n'                      | '>>From a\\n'
            twice quoted From gets one more mark  | false | '>>From a\\n'                     | '>>>From a\\n'
            From without space is not quoted      | false | 'From\\nFrom:x\\nFromage\\n'      | 'From\\nFrom:x\\nFromage\\n'
            From inside a line is not quoted      | false | 'a From b\\n'                     | 'a From b\\n'
            marks without From are kept           | false | '>> x\\n>Fro\\n> From\\n'         | '>> x\\n>Fro\\n> From\\n'
            From line without final newline       | false | 'a\\nFrom '                       | 'a\\n>From '
            partial From at the end               | false | 'a\\n>>Fro'                       | 'a\\n>>Fro'
            mark alone at the end                 | false | 'a\\n>'                           | 'a\\n>'
            empty message                         | false | ''                                | ''
            header-only message                   | false | 'Subject: x\\nFrom: y\\n'         | 'Subject: x\\nFrom: y\\n'
            no trailing newline                   | false | 'Subject: x\\n\\nbody'            | 'Subject: x\\n\\nbody'
            CRLF kept as is when not asked        | false | 'a\\r\\nFrom b\\r\\n'             | 'a\\r\\n>From b\\r\\n'
            lone CR does not start a line         | false | 'a\\rFrom b\\n'                   | 'a\\rFrom b\\n'
            mixed endings kept as they are        | false | 'a\\nb\\r\\nFrom c\\r'            | 'a\\nb\\r\\n>From c\\r'
            CRLF to LF with From at the start     | true  | 'From a\\r\\nb\\r\\n'             | '>From a\\nb\\n'
            CRLF to LF with quoted From           | true  | 'a\\r\\n>From b\\r\\nc'           | 'a\\n>>From b\\nc'
            CRLF to LF with blank lines           | true  | 'S: x\\r\\n\\r\\n\\r\\n'          | 'S: x\\n\\n\\n'
            CRLF header-only message              | true  | 'Subject: x\\r\\n'                | 'Subject: x\\n'
            CRLF without final newline            | true  | 'Subject: x\\r\\n\\r\\nFrom here' | 'Subject: x\\n\\n>From here'
            8-bit bytes pass through              | false | 'S: \u00e9\\n\\n\u00ff>From \u0080\\n' | 'S: \u00e9\\n\\n\u00ff>From \u0080\\n'
            """)
    void quotingShouldStoreAndRestoreExactBytes(String name, boolean crlf, String message, String stored)
            throws IOException {
        for (int chunk : CHUNKS) {
            assertThat(quote(unescape(message), crlf, chunk)).as("quoted in chunks of %d", chunk)
                    .isEqualTo(unescape(stored));
            assertThat(unquote(unescape(stored), crlf, chunk)).as("unquoted in chunks of %d", chunk)
                    .isEqualTo(unescape(message));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void quotingShouldRoundTripRandomMessagesMadeOfTrickyBytes(boolean crlf) throws IOException {
        Random random = new Random(20261105);
        byte[] alphabet = crlf ? ">From x\n".getBytes() : ">From x\r\n".getBytes();
        for (int i = 0; i < 2000; i++) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            for (int n = random.nextInt(40); n > 0; n--) {
                byte b = alphabet[random.nextInt(alphabet.length)];
                if (crlf && b == '\n') {
                    m.write('\r');
                }
                m.write(b);
            }
            byte[] message = m.toByteArray();
            int chunk = 1 + random.nextInt(5);
            assertThat(unquote(quote(message, crlf, chunk), crlf, chunk)).isEqualTo(message);
        }
    }

    @Test
    void quotingShouldCountLongMarkRunsWithoutBufferingThem() throws IOException {
        byte[] message = (">".repeat(200_000) + "From x\n").getBytes();
        byte[] stored = (">".repeat(200_001) + "From x\n").getBytes();

        assertThat(quote(message, false, Integer.MAX_VALUE)).isEqualTo(stored);
        assertThat(unquote(stored, false, Integer.MAX_VALUE)).isEqualTo(message);
    }

    @Test
    void finishShouldReportWhetherTheOutputEndsWithANewline() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MboxrdQuotingOutputStream q = new MboxrdQuotingOutputStream(out, true);
        q.write("a\r\nFrom".getBytes());
        q.finish();
        assertThat(q.endsWithNewline()).isFalse();
        assertThat(q.written()).isEqualTo(6);
        q.write("\r\n".getBytes());
        q.finish();
        assertThat(q.endsWithNewline()).isTrue();
        assertThat(out.toString()).isEqualTo("a\nFrom\n");
    }

    private static byte[] quote(byte[] message, boolean crlfToLf, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MboxrdQuotingOutputStream q = new MboxrdQuotingOutputStream(out, crlfToLf);
        for (int i = 0; i < message.length; i += chunk) {
            int n = Math.min(chunk, message.length - i);
            if (n == 1) {
                q.write(message[i]);
            } else {
                q.write(message, i, n);
            }
        }
        q.finish();
        assertThat(q.written()).isEqualTo(out.size());
        return out.toByteArray();
    }

    private static byte[] unquote(byte[] stored, boolean lfToCrlf, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new MboxrdUnquotingInputStream(new ByteArrayInputStream(stored), lfToCrlf)) {
            byte[] buf = new byte[Math.min(chunk, 8192)];
            while (true) {
                if (chunk == 1) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                } else {
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
            }
        }
        return out.toByteArray();
    }
}
