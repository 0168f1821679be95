package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.message;
import static org.mailferry.mbox.TestMessages.sha256;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;

/** Python's {@code mailbox.mbox} reads what the sink writes: same count, same messages. */
class MboxPythonInteropTest {

    /** Prints the message count, then per message the SHA-256 of its bytes with mboxrd quoting undone. */
    private static final String SCRIPT = """
            import hashlib, mailbox, re, sys
            box = mailbox.mbox(sys.argv[1], create=False)
            print(len(box))
            for key in box.keys():
                body = re.sub(rb'(?m)^>(>*From )', rb'\\1', box.get_bytes(key))
                print(hashlib.sha256(body).hexdigest())
            """;

    @TempDir
    Path root;

    @Test
    void pythonMailboxShouldReadEveryMessageWritten() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("python3"), "python3 is not on PATH");
        List<SourceMessage> messages = new ArrayList<>();
        for (byte[] m : MboxRoundTripTest.NASTY) {
            messages.add(message(messages.size() + 1, m, MessageFlags.NONE));
        }
        try (MboxStore store = MboxStore.open(root, true);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            sink.write(messages);
        }

        List<String> lines = python(root.resolve("INBOX.mbox"));

        List<String> expected = new ArrayList<>();
        expected.add(String.valueOf(MboxRoundTripTest.NASTY.size()));
        for (byte[] m : MboxRoundTripTest.NASTY) {
            expected.add(sha256(asOtherToolsSeeIt(m)));
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    /** The LF form of a uniformly CRLF message, with a final newline added to a non-empty message lacking one. */
    static byte[] asOtherToolsSeeIt(byte[] original) throws IOException {
        String s = new String(original, StandardCharsets.ISO_8859_1);
        if (LineEndings.isUniformCrlf(new ByteArrayInputStream(original))) {
            s = s.replace("\r\n", "\n");
        }
        if (!s.isEmpty() && !s.endsWith("\n")) {
            s += "\n";
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> python(Path mbox) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", SCRIPT, mbox.toString()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
