package org.mailferry.mbox;

/**
 * One compressed unit of a compressed mbox (a zstd frame, gzip member or xz stream) as its index
 * records it (format: {@code package-info}): it holds whole messages only, so it can be
 * decompressed on its own.
 *
 * @param fileOffset where the unit starts in the compressed file
 * @param fileLength its bytes in the compressed file
 * @param mboxOffset where its text starts in the decompressed mbox
 * @param mboxLength bytes of mbox text it decompresses to
 */
public record MboxFrame(long fileOffset, long fileLength, long mboxOffset, long mboxLength) {

    /** Byte offset just after this unit in the compressed file: where the next one starts. */
    public long fileEnd() {
        return fileOffset + fileLength;
    }

    /** Offset just after its text in the decompressed mbox. */
    public long mboxEnd() {
        return mboxOffset + mboxLength;
    }
}
