package org.mailferry.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mailferry.catalog.MessageQuery;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import picocli.CommandLine.Option;

/** Which archived messages {@code search} finds and {@code restore} takes ({@link MessageQuery}). */
public final class QueryOptions {

    @Option(names = "--uid", paramLabel = "FOLDER:UID[,UID...]",
            description = "Only these messages (as ls and search list them), e.g. INBOX:1207 or Work/Clients:15,16. Repeatable.")
    List<String> uids = new ArrayList<>();

    @Option(names = "--message-id", paramLabel = "ID", description = "Only the message with this Message-ID (with or without <>). Repeatable.")
    List<String> messageIds = new ArrayList<>();

    @Option(names = "--sender", paramLabel = "TEXT", description = "From: contains TEXT (name or address, any case). Repeatable: any of them.")
    List<String> senders = new ArrayList<>();

    @Option(names = "--recipient", paramLabel = "TEXT", description = "To: or Cc: contains TEXT. Repeatable.")
    List<String> recipients = new ArrayList<>();

    @Option(names = "--subject", paramLabel = "TEXT", description = "Subject: contains TEXT. Repeatable.")
    List<String> subjects = new ArrayList<>();

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Received on or after this day (INTERNALDATE, UTC).")
    String since;

    @Option(names = "--before", paramLabel = "YYYY-MM-DD", description = "Received before this day.")
    String before;

    @Option(names = "--larger-than", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Only messages larger than SIZE (RFC822.SIZE, e.g. 1MB, 500k).")
    Long largerThan;

    @Option(names = "--smaller-than", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Only messages smaller than SIZE.")
    Long smallerThan;

    @Option(names = "--text", paramLabel = "WORDS", description = "The message's stored bytes contain WORDS (any case; "
            + "not found inside base64 or quoted-printable parts). Repeatable: any of them.")
    List<String> texts = new ArrayList<>();

    /** The query these options give, plus {@code moreSenders}/{@code moreRecipients} (search's --from/--to). */
    MessageQuery query(List<String> moreSenders, List<String> moreRecipients) {
        List<String> from = new ArrayList<>(senders);
        from.addAll(moreSenders);
        List<String> to = new ArrayList<>(recipients);
        to.addAll(moreRecipients);
        return new MessageQuery(from, to, subjects, Days.parse("--since", since), Days.parse("--before", before),
                new HashSet<>(messageIds), texts, uidsByFolder(), largerThan, smallerThan);
    }

    MessageQuery query() {
        return query(List.of(), List.of());
    }

    private Map<String, Set<Long>> uidsByFolder() {
        Map<String, Set<Long>> out = new TreeMap<>();
        for (String u : uids) {
            int colon = u.lastIndexOf(':');
            if (colon <= 0 || colon == u.length() - 1) {
                throw usage("--uid " + u + ": write FOLDER:UID, e.g. INBOX:1207 (mailferry ls ARCHIVE FOLDER lists the UIDs)");
            }
            Set<Long> set = out.computeIfAbsent(u.substring(0, colon), f -> new HashSet<>());
            for (String n : u.substring(colon + 1).split(",")) {
                try {
                    long uid = Long.parseLong(n.strip());
                    if (uid <= 0) {
                        throw new NumberFormatException();
                    }
                    set.add(uid);
                } catch (NumberFormatException e) {
                    throw usage("--uid " + u + ": '" + n + "' is not a UID (a positive number)");
                }
            }
        }
        return out;
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
