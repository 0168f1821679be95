package org.mailferry.mbox;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.archive.Compression;
import org.mailferry.error.MessageFailure;
import org.mailferry.store.SourceMessage;

/**
 * Appends entries to a compressed mbox as independent compressed units ({@link MboxFrame}: zstd
 * frames, gzip members, xz streams). A unit ends at the end of every chunk, so a file cut back to
 * its last committed unit is a valid compressed file, and also after any message that brings it
 * to {@link #UNIT_TARGET} bytes of mbox text or more, so a reader reaches one message by
 * decompressing at most that much before it.
 * <p>
 * A message whose content fails while it is being written ({@link MessageFailure}) cannot be cut
 * out of a compressor: the open unit is cut off the file and its earlier messages written again.
 * Not thread-safe.
 */
final class FramedMboxAppender implements MboxAppender {

    /** Bytes of mbox text after which a unit ends at the next message boundary. */
    static final long UNIT_TARGET = 256 * 1024;

    private final FileChannel file;
    private final Compression compression;
    private final List<MboxFrame> units = new ArrayList<>();
    private final List<SourceMessage> inUnit = new ArrayList<>();
    private long mboxEnd;
    private long unitFileOffset;
    private long unitMboxOffset;
    private CountingOutputStream unit;

    FramedMboxAppender(FileChannel file, Compression compression, long mboxEnd, long fileEnd) {
        this.file = file;
        this.compression = compression;
        this.mboxEnd = mboxEnd;
        this.unitFileOffset = fileEnd;
        this.unitMboxOffset = mboxEnd;
    }

    @Override
    public MboxEntry append(SourceMessage m) throws IOException {
        if (unit == null) {
            openUnit();
        }
        long before = unit.count();
        MboxEntry e;
        try {
            e = MboxEntryWriter.write(m, unit, mboxEnd);
        } catch (MessageFailure f) {
            if (unit.count() != before) {
                rewriteUnit();
            }
            throw f;
        }
        inUnit.add(m);
        mboxEnd = e.end();
        if (mboxEnd - unitMboxOffset >= UNIT_TARGET) {
            closeUnit();
        }
        return e;
    }

    @Override
    public List<MboxFrame> finish() throws IOException {
        if (unit != null) {
            closeUnit();
        }
        if (!units.isEmpty()) {
            file.force(true);
        }
        return List.copyOf(units);
    }

    private void openUnit() throws IOException {
        OutputStream toFile = new BufferedOutputStream(Channels.newOutputStream(file.position(unitFileOffset)), 1 << 16);
        unit = new CountingOutputStream(compression.compress(new FlushOnClose(toFile)));
    }

    /** Ends the unit (its compressor's trailer goes to the file) and records it. */
    private void closeUnit() throws IOException {
        unit.close();
        unit = null;
        long end = file.position();
        units.add(new MboxFrame(unitFileOffset, end - unitFileOffset, unitMboxOffset, mboxEnd - unitMboxOffset));
        unitFileOffset = end;
        unitMboxOffset = mboxEnd;
        inUnit.clear();
    }

    /** Cuts the open unit off the file and writes its messages (read successfully before) again. */
    private void rewriteUnit() throws IOException {
        unit.close();
        file.truncate(unitFileOffset);
        openUnit();
        mboxEnd = unitMboxOffset;
        for (SourceMessage m : inUnit) {
            try {
                mboxEnd = MboxEntryWriter.write(m, unit, mboxEnd).end();
            } catch (MessageFailure f) {
                throw new IOException("message " + m.uid() + " could be read once but not again: " + f.getMessage(), f);
            }
        }
    }

    /** Keeps the file open when a unit's compressor closes: closing only flushes. */
    private static final class FlushOnClose extends FilterOutputStream {

        FlushOnClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Counts the mbox text written into the open unit, buffered before its compressor. */
    private static final class CountingOutputStream extends FilterOutputStream {

        private long count;

        CountingOutputStream(OutputStream compressor) {
            super(new BufferedOutputStream(compressor, 1 << 16));
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
