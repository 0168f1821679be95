package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The framing a {@link ResponseFramer} follows, fed in pieces of every size. */
class ResponseFramerTest {

    private final AtomicInteger ended = new AtomicInteger();

    private ResponseFramer framer(long literal, long command) {
        ResponseBudget budget = new ResponseBudget(literal, command);
        return new ResponseFramer(() -> budget, ended::incrementAndGet);
    }

    private static void feed(ResponseFramer f, String text, int piece) throws ResponseLimitExceeded {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += piece) {
            f.scan(b, i, Math.min(piece, b.length - i));
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "7", "1000"})
    void literalsWithinBudgetShouldPassAndTaggedLinesEndTheCommand(int piece) throws Exception {
        // the literal holds what looks like a tagged line and a literal announcement: neither counts
        String answer = "* 1 FETCH (UID 5 BODY[] {22}\r\nA1 OK x {99999999}\r\nab)\r\n* 2 EXISTS\r\nA7 OK done\r\n";
        feed(framer(22, 1000), answer, piece);
        assertThat(ended.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"1", "3", "1000"})
    void aLiteralOverBudgetShouldBeRefusedWhenAnnounced(int piece) {
        assertThatThrownBy(() -> feed(framer(8 << 20, 64 << 20), "* 1 FETCH (UID 5 BODY[] {2000000000}\r\n", piece))
                .isInstanceOf(ResponseLimitExceeded.class).hasMessageContaining("literal of 2000000000 bytes");
    }

    @Test
    void aBraceNotAtTheEndOfTheLineShouldNotBeALiteral() throws Exception {
        feed(framer(10, 1000), "* OK [ALERT] {2000000000} is a number\r\nA1 OK done\r\n", 5);
        assertThat(ended.get()).isEqualTo(1);
    }

    @Test
    void anAnswerWithoutEndShouldBeRefusedPastTheCommandBudget() {
        StringBuilder endless = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            endless.append("* ").append(i).append(" FETCH (UID ").append(i).append(" FLAGS ())\r\n");
        }
        assertThatThrownBy(() -> feed(framer(10, 1000), endless.toString(), 64))
                .isInstanceOf(ResponseLimitExceeded.class).hasMessageContaining("more than 1000 bytes");
    }

    @Test
    void theCountShouldStartAgainAfterEachCommand() throws Exception {
        ResponseFramer f = framer(10, 100);
        for (int i = 0; i < 20; i++) {
            feed(f, "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nA" + i + " OK done\r\n", 9);
        }
        assertThat(ended.get()).isEqualTo(20);
    }
}
