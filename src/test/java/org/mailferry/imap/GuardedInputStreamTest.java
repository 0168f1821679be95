package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pace check of {@link GuardedInputStream} does not count the client's own time against the server. */
class GuardedInputStreamTest {

    /** Hands out one chunk per read, at once. */
    private static InputStream chunks(String... parts) {
        Deque<byte[]> queue = new ArrayDeque<>();
        for (String p : parts) {
            queue.add(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        return new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                byte[] next = queue.poll();
                if (next == null) {
                    return -1;
                }
                System.arraycopy(next, 0, b, off, next.length);
                return next.length;
            }
        };
    }

    @Test
    void timeTheClientSpendsSendingALiteralAfterAContinuationShouldNotMakeTheServerSlow() throws Exception {
        ResponseGuard guard = new ResponseGuard(1024, Duration.ofMillis(200));
        StringBuilder got = new StringBuilder();
        try (InputStream in = new GuardedInputStream(chunks("+ go ahead\r\n", "A1 OK [APPENDUID 7 12] done\r\n",
                "* 4 EXISTS\r\n", "A2 OK done\r\n"), guard)) {
            byte[] buf = new byte[100];
            for (String expected : List.of("+ go ahead\r\n", "A1 OK [APPENDUID 7 12] done\r\n", "* 4 EXISTS\r\n",
                    "A2 OK done\r\n")) {
                int n = in.read(buf, 0, buf.length);
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (!expected.startsWith("*")) {
                    Thread.sleep(400); // the client's turn: a literal after "+", the next command after a tagged line
                }
            }
        }
        assertThat(got.toString()).isEqualTo("+ go ahead\r\nA1 OK [APPENDUID 7 12] done\r\n* 4 EXISTS\r\nA2 OK done\r\n");
    }
}
