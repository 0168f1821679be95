package org.mailferry.mbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import org.mailferry.archive.Compression;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.SourceMessage;

/**
 * Appends the messages of one chunk to an mbox's data file after its committed content. Nothing
 * it writes is committed: the caller records the returned entries and units in the index after
 * {@link #finish()}, or cuts the file back to its committed end. One per chunk; not thread-safe.
 */
interface MboxAppender {

    /** An appender for a data file of this compression whose committed content ends as the index says. */
    static MboxAppender start(FileChannel data, Compression compression, long mboxEnd, long dataEnd) {
        return compression == Compression.NONE ? new PlainMboxAppender(data, mboxEnd)
                : new FramedMboxAppender(data, compression, mboxEnd, dataEnd);
    }

    /**
     * Writes {@code m} after the messages appended before and returns its index entry. A
     * {@link MessageFailure} (its content cannot be read) leaves nothing of it in the file; an
     * {@link IOException} is a failure of the file.
     */
    MboxEntry append(SourceMessage m) throws IOException;

    /** Makes everything appended durable (fsync); returns the compressed units written, none when plain. */
    List<MboxFrame> finish() throws IOException;
}
