package org.mailferry.store;

/**
 * What a sink did with one message of a chunk. {@code reason}: why it was rejected or altered; for
 * a WRITTEN message, why it was copied although an identical one is stored ({@code --dedupe}: the
 * link failed), else null.
 */
public record WriteOutcome(long uid, Kind kind, long bytes, String reason) {

    /**
     * ALTERED: written, but the target, read back, holds other bytes than were sent ({@code reason}
     * says how); LINKED: written as a hard link to an identical message the archive stores ({@code --dedupe}).
     */
    public enum Kind { WRITTEN, ALREADY_PRESENT, REJECTED, ALTERED, LINKED }

    public static WriteOutcome written(long uid, long bytes) {
        return new WriteOutcome(uid, Kind.WRITTEN, bytes, null);
    }

    /** Stored as a link to an identical message: {@code bytes} is the message's size, none of them written. */
    public static WriteOutcome linked(long uid, long bytes) {
        return new WriteOutcome(uid, Kind.LINKED, bytes, null);
    }

    /** Written as a copy because linking to its identical twin failed for {@code why}. */
    public static WriteOutcome writtenNotLinked(long uid, long bytes, String why) {
        return new WriteOutcome(uid, Kind.WRITTEN, bytes, why);
    }

    public static WriteOutcome present(long uid) {
        return new WriteOutcome(uid, Kind.ALREADY_PRESENT, 0, null);
    }

    public static WriteOutcome rejected(long uid, String reason) {
        return new WriteOutcome(uid, Kind.REJECTED, 0, reason);
    }

    public static WriteOutcome altered(long uid, long bytes, String reason) {
        return new WriteOutcome(uid, Kind.ALTERED, bytes, reason);
    }
}
