package org.mailferry.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mailferry.store.MessageContent;

/**
 * The original bytes of one archived message, streamed from its mbox region on each
 * {@link #open()}: the {@code From } line skipped, mboxrd quoting undone, CRLF restored when the
 * entry says so, cut to the recorded size. Checks nothing else (the verify command compares
 * SHA-256). The archive owns the mbox: {@link #close()} releases nothing. Not thread-safe.
 */
final class MboxEntryContent implements MessageContent {

    private static final int MAX_FROM_LINE = 1024;

    private final Path mbox;
    private final MboxEntry entry;

    MboxEntryContent(Path mbox, MboxEntry entry) {
        this.mbox = mbox;
        this.entry = entry;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public InputStream open() throws IOException {
        FileChannel ch = FileChannel.open(mbox, StandardOpenOption.READ);
        try {
            ch.position(bodyOffset(ch));
            return new ExactLengthInputStream(
                    new MboxrdUnquotingInputStream(Channels.newInputStream(ch), entry.crlf()), entry.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() {
        // the bytes stay in the archive
    }

    /** The offset just after the entry's {@code From } line. */
    private long bodyOffset(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_FROM_LINE, entry.length()));
        int n = 0;
        while (buf.hasRemaining() && n >= 0) {
            n = ch.read(buf, entry.offset() + buf.position());
        }
        String head = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
        int newline = head.indexOf('\n');
        if (newline < 0 || !head.startsWith("From ")) {
            throw new IOException("no From line at offset " + entry.offset() + " of " + mbox
                    + " where the index puts message " + entry.uid());
        }
        return entry.offset() + newline + 1;
    }
}
