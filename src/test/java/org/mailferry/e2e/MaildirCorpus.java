package org.mailferry.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** A small Maildir++ tree to serve as many mailboxes at once (test-imap-server.sh serve-copies). */
final class MaildirCorpus {

    private MaildirCorpus() {
    }

    /** INBOX (40 messages with flags), Sent (10), Archive (10): internal dates from the files' times. */
    static Path write(Path root) throws IOException {
        String[][] folders = {{"", "40"}, {".Sent", "10"}, {".Archive", "10"}};
        String[] flags = {"", "S", "FS", "RS", "DS"};
        int n = 0;
        for (String[] f : folders) {
            Path dir = root.resolve(f[0]);
            for (String d : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(dir.resolve(d));
            }
            for (int i = 0; i < Integer.parseInt(f[1]); i++, n++) {
                String body = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: fleet " + n
                        + "\r\nMessage-ID: <fleet-" + n + "@example.org>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\n"
                        + "body " + n + " " + "x".repeat(200 + 37 * n) + "\r\n";
                Path file = dir.resolve("cur").resolve((1_700_000_000L + n) + ".M" + n + ".fleet:2," + flags[n % flags.length]);
                Files.write(file, body.getBytes(StandardCharsets.US_ASCII));
                Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + 3_600L * n)));
            }
        }
        return root;
    }

    /** An empty Maildir: a mailbox to copy into. */
    static Path empty(Path root) throws IOException {
        for (String d : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(root.resolve(d));
        }
        return root;
    }
}
