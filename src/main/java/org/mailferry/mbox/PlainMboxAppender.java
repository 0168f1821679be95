package org.mailferry.mbox;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.List;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.SourceMessage;

/** Appends entries to an uncompressed mbox: the mbox text is the file. Not thread-safe. */
final class PlainMboxAppender implements MboxAppender {

    private final FileChannel file;
    private long end;
    private boolean wrote;

    PlainMboxAppender(FileChannel file, long end) {
        this.file = file;
        this.end = end;
    }

    @Override
    public MboxEntry append(SourceMessage m) throws IOException {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file.position(end)), 1 << 16);
        MboxEntry e;
        try {
            e = MboxEntryWriter.write(m, out, end);
            out.flush();
        } catch (MessageFailure f) {
            file.truncate(end);
            throw f;
        }
        end = e.end();
        wrote = true;
        return e;
    }

    @Override
    public List<MboxFrame> finish() throws IOException {
        if (wrote) {
            file.force(true);
        }
        return List.of();
    }
}
