package org.mailferry.mbox;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.mailferry.store.MessageContent;

/**
 * The original bytes of one archived message, streamed from its mbox text on each
 * {@link #open()} ({@link MboxData}: plain or compressed), never reading past its entry: the
 * {@code From } line skipped, mboxrd
 * quoting undone, CRLF restored when the entry says so, cut to the recorded size. A missing
 * {@code From } line or text that ends early fails with an {@link IOException}; it checks nothing
 * else (the cursor compares SHA-256). The archive owns the file: {@link #close()} releases
 * nothing. Not thread-safe.
 */
final class MboxEntryContent implements MessageContent {

    private static final int MAX_FROM_LINE = 1024;
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final MboxData data;
    private final MboxEntry entry;

    MboxEntryContent(MboxData data, MboxEntry entry) {
        this.data = data;
        this.entry = entry;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public InputStream open() throws IOException {
        InputStream in = new BufferedInputStream(new ExactLengthInputStream(data.openAt(entry.offset()), entry.length()),
                1 << 16);
        try {
            skipFromLine(in);
            return new ExactLengthInputStream(new MboxrdUnquotingInputStream(in, entry.crlf()), entry.size());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public void close() {
        // the bytes stay in the archive
    }

    /** Reads the entry's {@code From } line through its {@code \n}. */
    private void skipFromLine(InputStream in) throws IOException {
        if (!Arrays.equals(in.readNBytes(FROM.length), FROM)) {
            throw new IOException("no From line where the index puts message " + entry.uid());
        }
        for (int n = FROM.length; n < MAX_FROM_LINE; n++) {
            int b = in.read();
            if (b == '\n') {
                return;
            }
            if (b < 0) {
                break;
            }
        }
        throw new IOException("the From line of message " + entry.uid() + " does not end");
    }
}
