package org.mailferry.store;

/** What a sink did with one message of a chunk. */
public record WriteOutcome(long uid, Kind kind, long bytes, String reason) {

    public enum Kind { WRITTEN, ALREADY_PRESENT, REJECTED }

    public static WriteOutcome written(long uid, long bytes) {
        return new WriteOutcome(uid, Kind.WRITTEN, bytes, null);
    }

    public static WriteOutcome present(long uid) {
        return new WriteOutcome(uid, Kind.ALREADY_PRESENT, 0, null);
    }

    public static WriteOutcome rejected(long uid, String reason) {
        return new WriteOutcome(uid, Kind.REJECTED, 0, reason);
    }
}
