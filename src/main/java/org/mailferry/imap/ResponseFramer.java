package org.mailferry.imap;

/**
 * Follows IMAP response framing (RFC 3501 section 4.3: lines, and literals announced as
 * {@code {n}} at the end of a line) on the bytes a server sends, and refuses them as soon as they
 * go past the {@link ResponseBudget} of the command in flight: a literal is refused when it is
 * announced, before a single byte of it is passed on. A tagged line (one not starting with
 * {@code *} or {@code +}) ends the command: counts reset and {@code onCommandEnd} runs.
 * Not thread-safe: one per input stream.
 */
final class ResponseFramer {

    private final java.util.function.Supplier<ResponseBudget> budgets;
    private final Runnable onCommandEnd;

    private boolean inLiteral;
    private long literalLeft;
    private boolean lineStart = true;
    private boolean tagged;
    private long commandBytes;
    // the tail of the current line: "{" digits "}" [CR] just before LF announces a literal
    private int braceState; // 0 none, 1 in digits, 2 after '}', 3 after '}' CR
    private long braceNumber;
    private boolean braceDigits;

    ResponseFramer(java.util.function.Supplier<ResponseBudget> budgets, Runnable onCommandEnd) {
        this.budgets = budgets;
        this.onCommandEnd = onCommandEnd;
    }

    /** Checks the next {@code len} bytes of the stream; throws before they are handed on when over budget. */
    void scan(byte[] b, int off, int len) throws ResponseLimitExceeded {
        ResponseBudget budget = budgets.get();
        int i = off;
        int end = off + len;
        while (i < end) {
            if (inLiteral) {
                long take = Math.min(literalLeft, end - i);
                literalLeft -= take;
                i += (int) take;
                count(take, budget);
                if (literalLeft == 0) {
                    inLiteral = false; // the response line goes on after the literal
                }
                continue;
            }
            int start = i;
            boolean lineEnded = false;
            while (i < end && !lineEnded) {
                byte c = b[i++];
                if (lineStart) {
                    tagged = c != '*' && c != '+';
                    lineStart = false;
                }
                if (c == '\n') {
                    lineEnded = true;
                } else if (braceState != 0 || c == '{') {
                    brace(c);
                }
            }
            count(i - start, budget);
            if (lineEnded) {
                lineEnd(budget);
            }
        }
    }

    private void lineEnd(ResponseBudget budget) throws ResponseLimitExceeded {
        boolean literal = braceState >= 2;
        long n = braceNumber;
        braceState = 0;
        if (literal) {
            if (n > budget.literalBytes() || commandBytes + n > budget.commandBytes()) {
                throw new ResponseLimitExceeded("the server announced a literal of " + n + " bytes where at most "
                        + Math.min(budget.literalBytes(), budget.commandBytes() - commandBytes) + " can be right");
            }
            if (n > 0) {
                inLiteral = true;
                literalLeft = n;
            }
            return;
        }
        lineStart = true;
        if (tagged) {
            commandBytes = 0;
            onCommandEnd.run();
        }
    }

    private void brace(byte c) {
        switch (braceState) {
            case 1 -> {
                if (c >= '0' && c <= '9') {
                    braceDigits = true;
                    braceNumber = braceNumber > Long.MAX_VALUE / 20 ? Long.MAX_VALUE : braceNumber * 10 + (c - '0');
                    return;
                }
                if (c == '}' && braceDigits) {
                    braceState = 2;
                    return;
                }
            }
            case 2 -> {
                if (c == '\r') {
                    braceState = 3;
                    return;
                }
            }
            default -> {
            }
        }
        braceState = 0;
        if (c == '{') {
            braceState = 1;
            braceNumber = 0;
            braceDigits = false;
        }
    }

    private void count(long n, ResponseBudget budget) throws ResponseLimitExceeded {
        commandBytes += n;
        if (commandBytes > budget.commandBytes()) {
            throw new ResponseLimitExceeded("the server sent more than " + budget.commandBytes()
                    + " bytes in answer to one command without ending it");
        }
    }
}
