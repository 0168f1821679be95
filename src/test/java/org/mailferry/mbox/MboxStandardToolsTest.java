package org.mailferry.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.mbox.TestMessages.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.archive.Compression;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SourceMessage;

/**
 * What users' own tools make of an mbox archive: a compressed one streams through {@code zstd -dc},
 * {@code zcat} or {@code xzcat} into Python's {@code mailbox} with every message and body intact,
 * and mutt opens a plain one with the right message count. CI installs mutt, zstd, xz and Python.
 */
class MboxStandardToolsTest {

    /** Reads an mbox from stdin: prints the count, then per message the SHA-256 of its body as mutt would show it. */
    private static final String PYTHON = """
            import hashlib, mailbox, re, sys, tempfile
            with tempfile.NamedTemporaryFile() as f:
                f.write(sys.stdin.buffer.read()); f.flush()
                box = mailbox.mbox(f.name, create=False)
                print(len(box))
                for key in box.keys():
                    print(hashlib.sha256(re.sub(rb'(?m)^>(>*From )', rb'\\1', box.get_bytes(key))).hexdigest())
            """;

    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource({"ZSTD, zstd -dc", "GZIP, zcat", "XZ, xzcat"})
    void aCompressedMboxShouldStreamThroughItsToolIntoPythonMailbox(Compression compression, String tool)
            throws IOException, InterruptedException {
        List<byte[]> messages = writeInChunksOfThree(compression);
        Path data = root.resolve("INBOX.mbox" + compression.extension());

        String out = run(Map.of(), "sh", "-c", tool + " '" + data + "' | python3 -c \"$0\"", PYTHON);

        List<String> expected = new ArrayList<>();
        expected.add(String.valueOf(messages.size()));
        for (byte[] m : messages) {
            expected.add(TestMessages.sha256(MboxPythonInteropTest.asOtherToolsSeeIt(m)));
        }
        assertThat(out.lines().toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void muttShouldOpenAPlainMboxWithEveryMessage() throws IOException, InterruptedException {
        List<byte[]> messages = writeInChunksOfThree(Compression.NONE);
        Path home = Files.createDirectories(root.resolve("home/Mail"));

        String screen = run(Map.of("HOME", home.getParent().toString(), "MAIL", "/dev/null", "TERM", "xterm"),
                "script", "-qec", "mutt -n -R -F /dev/null -f '" + root.resolve("INBOX.mbox")
                        + "' -e 'set status_format=\"MUTTCOUNT=%m;\"' -e 'push <quit>'", "/dev/null");

        Matcher count = Pattern.compile("MUTTCOUNT=(\\d+);").matcher(screen);
        assertThat(count.find()).as(screen).isTrue();
        assertThat(Integer.parseInt(count.group(1))).isEqualTo(messages.size());
    }

    private List<byte[]> writeInChunksOfThree(Compression compression) {
        List<byte[]> messages = MboxRoundTripTest.NASTY;
        try (MboxStore store = MboxStore.open(root, true, compression);
             FolderSink sink = store.openSink(FolderInfo.of(FolderPath.INBOX), FolderPath.INBOX)) {
            sink.beginGeneration(TestMessages.UIDVALIDITY);
            for (int i = 0; i < messages.size(); i += 3) {
                List<SourceMessage> chunk = new ArrayList<>();
                for (int j = i; j < Math.min(i + 3, messages.size()); j++) {
                    chunk.add(message(j + 1, messages.get(j), MessageFlags.NONE));
                }
                sink.write(chunk);
            }
        }
        return messages;
    }

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
