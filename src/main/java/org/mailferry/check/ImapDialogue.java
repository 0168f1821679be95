package org.mailferry.check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pre-login IMAP exchanges of a check, spoken on a raw {@link LineChannel}: CAPABILITY and
 * STARTTLS with tagged commands. Answers the server's tagged result line; untagged data it
 * collects. Not thread-safe.
 */
final class ImapDialogue {

    /** A tagged command's outcome: the tagged line and the untagged lines before it. */
    record Answer(boolean ok, String tagged, List<String> untagged) {
    }

    private final LineChannel channel;
    private int tag;

    ImapDialogue(LineChannel channel) {
        this.channel = channel;
    }

    Answer command(String command) throws IOException {
        String t = "mf" + (++tag);
        channel.send(t + " " + command);
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = channel.readLine();
            if (line.startsWith(t + " ")) {
                String rest = line.substring(t.length() + 1);
                return new Answer(rest.toUpperCase(Locale.ROOT).startsWith("OK"), rest, untagged);
            }
            untagged.add(line);
        }
    }

    /** The capabilities the server lists now (upper case), from {@code * CAPABILITY} lines. */
    static List<String> capabilities(Answer answer) {
        List<String> caps = new ArrayList<>();
        for (String line : answer.untagged()) {
            if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                for (String c : line.substring("* CAPABILITY ".length()).trim().split("\\s+")) {
                    caps.add(c.toUpperCase(Locale.ROOT));
                }
            }
        }
        return caps;
    }
}
