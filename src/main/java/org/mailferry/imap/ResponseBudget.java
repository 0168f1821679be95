package org.mailferry.imap;

/**
 * What one command's answer may bring: at most {@code literalBytes} in one literal and
 * {@code commandBytes} in total (lines and literals) until its tagged completion.
 */
record ResponseBudget(long literalBytes, long commandBytes) {

    /**
     * For what Angus sends itself (LOGIN, CAPABILITY, NAMESPACE, LIST, STATUS, EXAMINE, NOOP,
     * APPEND) and what arrives between commands: answers that grow with the number of folders at
     * most. Angus holds a whole answer in memory, so this bounds what a server can make it hold.
     */
    static final ResponseBudget DEFAULT = new ResponseBudget(8L << 20, 32L << 20);

    /** For {@link UidFetcher}'s commands that fetch no body: SEARCH, flags, metadata of a whole folder. */
    static final ResponseBudget BULK = new ResponseBudget(8L << 20, 256L << 20);

    /** Slack over RFC822.SIZE a body may have before it counts as damaged (some servers report sizes loosely). */
    static long allowedFor(long announcedSize) {
        return Math.max(0, announcedSize) + Math.max(64L << 10, announcedSize / 8);
    }

    /** A command fetching bodies of these announced sizes, each at most {@link #allowedFor} its size. */
    static ResponseBudget forBodies(long[] announcedSizes) {
        long literal = 0;
        long total = 1L << 20; // the FETCH lines themselves
        for (long s : announcedSizes) {
            long allowed = allowedFor(s);
            literal = Math.max(literal, allowed);
            total += allowed + 256;
        }
        return new ResponseBudget(literal, total);
    }
}
