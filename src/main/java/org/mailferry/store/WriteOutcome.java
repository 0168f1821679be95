package org.mailferry.store;

/** What a sink did with one message of a chunk. */
public record WriteOutcome(long uid, Kind kind, long bytes, String reason) {

    /** ALTERED: written, but the target, read back, holds other bytes than were sent ({@code reason} says how). */
    public enum Kind { WRITTEN, ALREADY_PRESENT, REJECTED, ALTERED }

    public static WriteOutcome written(long uid, long bytes) {
        return new WriteOutcome(uid, Kind.WRITTEN, bytes, null);
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
