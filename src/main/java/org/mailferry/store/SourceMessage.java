package org.mailferry.store;

/**
 * One message in flight between a source and a sink: where it came from, its metadata and its
 * bytes. Closing it releases the bytes (a spilled temp file).
 *
 * @param uidValidity UIDVALIDITY of the source folder generation the UID belongs to
 */
public record SourceMessage(long uidValidity, MessageMeta meta, MessageContent content) implements AutoCloseable {

    public long uid() {
        return meta.uid();
    }

    @Override
    public void close() {
        content.close();
    }
}
