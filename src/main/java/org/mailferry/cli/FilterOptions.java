package org.mailferry.cli;

import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.MessageRange;
import picocli.CommandLine.Option;

/**
 * Which source messages a backup or migration copies: {@code --since}, {@code --before},
 * {@code --larger-than}, {@code --smaller-than}, {@code --search}.
 */
public final class FilterOptions {

    @Option(names = "--since", paramLabel = "YYYY-MM-DD",
            description = "Only messages received on or after this day (INTERNALDATE, UTC). A later run without it fills in what it left out.")
    String since;

    @Option(names = "--before", paramLabel = "YYYY-MM-DD", description = "Only messages received before this day (INTERNALDATE, UTC).")
    String before;

    @Option(names = "--larger-than", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Only messages larger than SIZE (e.g. 1MB, 500k).")
    Long largerThan;

    @Option(names = "--smaller-than", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Only messages smaller than SIZE.")
    Long smallerThan;

    @Option(names = "--search", paramLabel = "KEYS",
            description = "Only messages the IMAP server finds with these SEARCH keys (RFC 3501), e.g. "
                    + "'FROM bob@example.com' or 'OR SUBJECT invoice SUBJECT Rechnung'. Text in \"double quotes\";"
                    + " combined with the options above. A later run without it fills in what it left out.")
    String search;

    /** The filter these options give ({@link MessageRange#ALL} when none is set); a usage error for a bad day. */
    MessageRange range() {
        MessageRange r;
        try {
            r = new MessageRange(Days.parse("--since", since), Days.parse("--before", before), largerThan, smallerThan,
                    search);
        } catch (IllegalArgumentException e) {
            throw usage("--search: " + e.getMessage());
        }
        if (r.since() != null && r.before() != null && !r.since().isBefore(r.before())) {
            throw usage("--since " + r.since() + " is not before --before " + r.before() + ": no message could match");
        }
        return r;
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
