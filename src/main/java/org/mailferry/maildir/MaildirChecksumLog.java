package org.mailferry.maildir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;

/**
 * Appends to a Maildir folder's checksum sidecar ({@link MaildirChecksums} states the format)
 * without reading its lines: a backup only adds to it, so opening costs the header and the
 * file's tail, not a parse of every message ever archived, and nothing per message stays in
 * memory. Each append starts where the last complete line ends (an incomplete last line, cut by
 * a crash, is overwritten) and is fsynced before returning. Not thread-safe: one per open folder.
 */
final class MaildirChecksumLog {

    private final Path file;
    private long committed;

    private MaildirChecksumLog(Path file, long committed) {
        this.file = file;
        this.committed = committed;
    }

    /** Opens the folder's sidecar for appending; fails if its header is another format or a newer version. */
    static MaildirChecksumLog open(Path folderDir) {
        Path file = folderDir.resolve(MaildirChecksums.FILE_NAME);
        if (!org.mailferry.archive.ArchiveFiles.exists(file)) {
            return new MaildirChecksumLog(file, 0);
        }
        try (FileChannel ch = org.mailferry.archive.ArchiveFiles.channel(file)) {
            long end = endOfLastLine(ch);
            if (end > 0) {
                MaildirChecksums.checkHeader(file, firstLine(ch));
            }
            return new MaildirChecksumLog(file, end);
        } catch (IOException e) {
            throw ArchiveErrors.read(file, e);
        }
    }

    /** Appends the lines of messages about to become visible ({@code Recorded*} records), then fsyncs. */
    void append(List<?> written) {
        appendLines(written);
    }

    /** Appends lines saying these messages were removed on purpose, then fsyncs. */
    void removed(List<Long> uids) {
        appendLines(uids.stream().map(u -> new MaildirChecksums.Removed(u, true)).toList());
    }

    private void appendLines(List<?> values) {
        if (values.isEmpty()) {
            return;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        if (committed == 0) {
            writeLine(lines, new MaildirChecksums.Header(MaildirChecksums.FORMAT, MaildirChecksums.VERSION));
        }
        values.forEach(v -> writeLine(lines, v));
        try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(committed);
            ByteBuffer buf = ByteBuffer.wrap(lines.toByteArray());
            long at = committed;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
            if (committed == 0) {
                PrivateFiles.fsyncDirectory(file.getParent());
            }
            committed = at;
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }

    /**
     * Makes the folder's sidecar complete again after a pass that compared the folder with the
     * source ({@link MaildirSelfCheck} found it lost, cut short or damaged): every line that
     * parses is kept as it was, in order, damaged ones are left out (the old file is kept in
     * {@code keptIn} when it had any) and a line is added for each of {@code unrecorded}, whose
     * size and SHA-256 are read from its file. Written atomically; returns the log to append to.
     */
    static MaildirChecksumLog rebuild(Path folderDir, List<MaildirFolder.Entry> unrecorded, Path keptIn) {
        Path file = folderDir.resolve(MaildirChecksums.FILE_NAME);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean damaged = false;
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                int lineNo = 0;
                for (int start = 0, nl; (nl = MaildirChecksums.indexOf(bytes, start)) >= 0; start = nl + 1) {
                    String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
                    if (++lineNo == 1 || MaildirChecksums.parses(file, line, lineNo)) {
                        out.write(bytes, start, nl + 1 - start);
                    } else {
                        damaged = true;
                    }
                }
            }
            if (out.size() == 0) {
                writeLine(out, new MaildirChecksums.Header(MaildirChecksums.FORMAT, MaildirChecksums.VERSION));
            }
            for (MaildirFolder.Entry e : unrecorded) {
                try (java.io.InputStream in = Files.newInputStream(e.file())) {
                    String sha256 = org.mailferry.archive.Sha256.of(in);
                    writeLine(out, new MaildirChecksums.Recorded(e.name().uid(), Files.size(e.file()), sha256));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed meanwhile (a Dovecot serving the archive): nothing to record
                }
            }
            if (damaged) {
                PrivateFiles.createDirectories(keptIn);
                Files.copy(file, keptIn.resolve(MaildirChecksums.FILE_NAME + ".damaged-" + System.currentTimeMillis()));
            }
            PrivateFiles.writeAtomically(file, out.toByteArray());
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
        return open(folderDir);
    }

    private static void writeLine(ByteArrayOutputStream out, Object value) {
        out.writeBytes(Json.MAPPER.writeValueAsBytes(value));
        out.write('\n');
    }

    /** The offset just after the file's last {@code \n}, 0 when it has none; read backwards in blocks. */
    private static long endOfLastLine(FileChannel ch) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(4096);
        for (long to = ch.size(); to > 0; ) {
            long from = Math.max(0, to - block.capacity());
            block.clear().limit((int) (to - from));
            while (block.hasRemaining() && ch.read(block, from + block.position()) >= 0) {
                // fill the block
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            to = from;
        }
        return 0;
    }

    private static String firstLine(FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(1024);
        ch.read(head, 0);
        int n = 0;
        while (n < head.position() && head.get(n) != '\n') {
            n++;
        }
        return new String(head.array(), 0, n, StandardCharsets.UTF_8);
    }
}
