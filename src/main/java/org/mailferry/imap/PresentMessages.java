package org.mailferry.imap;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.angus.mail.iap.ByteArray;
import org.mailferry.store.SourceMessage;

/**
 * Messages on the target that may already hold source messages although the ledger does not
 * say so: those a run appended before dying uncommitted, or, without a ledger, the whole folder.
 * A multiset by {@link MessageKeys}: each target message absorbs one source message, so two
 * byte-identical source messages need two copies on the target. Not thread-safe.
 */
final class PresentMessages {

    private final Map<String, Deque<Long>> byKey = new HashMap<>();

    /** Nothing on the target to match against. */
    static PresentMessages none() {
        return new PresentMessages();
    }

    /** Keys of the target messages with UID at least {@code fromUid} (bodies fetched only for those without Message-ID). */
    static PresentMessages scan(FolderSession folder, long fromUid, int pieceSize) {
        PresentMessages present = new PresentMessages();
        for (UidFetcher.KeyedMeta m : folder.call("UID FETCH keys", f -> f.keyedFrom(fromUid))) {
            String key = m.messageId() != null ? MessageKeys.byId(m.messageId(), m.size())
                    : "sha:" + shaOfTarget(folder, m.uid(), pieceSize);
            present.byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).add(m.uid());
        }
        return present;
    }

    private static String shaOfTarget(FolderSession folder, long uid, int pieceSize) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long pos = 0;
        while (true) {
            long from = pos;
            ByteArray part = folder.call("UID FETCH part", f -> f.bodyPart(uid, from, pieceSize));
            if (part == null || part.getCount() == 0) {
                break;
            }
            md.update(part.getBytes(), part.getStart(), part.getCount());
            pos += part.getCount();
            if (part.getCount() < pieceSize) {
                break;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The target UID of a message equal to {@code m}, removed from the set; null when none. */
    Long take(SourceMessage m) {
        if (byKey.isEmpty()) {
            return null;
        }
        Deque<Long> uids = byKey.get(MessageKeys.of(m.content()));
        return uids == null ? null : uids.poll();
    }
}
