package org.mailferry.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-login SMTP exchanges of a check on a raw {@link LineChannel}: the (possibly multi-line)
 * reply, EHLO with its extension list, STARTTLS. Not thread-safe.
 */
final class SmtpDialogue {

    /** An SMTP reply: its code and text lines (without the code). */
    record Reply(int code, List<String> lines) {

        String text() {
            return String.join(" ", lines);
        }
    }

    private final LineChannel channel;

    SmtpDialogue(LineChannel channel) {
        this.channel = channel;
    }

    /** Reads one reply: lines {@code 250-…} until {@code 250 …}. A line that is not SMTP gives code -1. */
    Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = channel.readLine();
            if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                lines.add(line);
                return new Reply(-1, lines);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    Reply command(String command) throws IOException {
        channel.send(command);
        return read();
    }

    /** EHLO with this machine's address as literal (always valid syntax). */
    Reply ehlo() throws IOException {
        InetAddress local = channel.socket().getLocalAddress();
        String literal = local instanceof Inet6Address ? "[IPv6:" + local.getHostAddress() + "]"
                : "[" + local.getHostAddress() + "]";
        return command("EHLO " + literal);
    }
}
