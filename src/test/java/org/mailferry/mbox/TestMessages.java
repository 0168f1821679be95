package org.mailferry.mbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.MessageContent;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.SystemFlag;

/** Builds messages for the mbox tests and reads contents back. */
final class TestMessages {

    static final long UIDVALIDITY = 1_700_000_000L;
    static final Instant DATE = Instant.parse("2026-11-05T09:03:02Z");

    private TestMessages() {
    }

    static SourceMessage message(long uid, String text) {
        return message(uid, text.getBytes(StandardCharsets.ISO_8859_1), MessageFlags.NONE);
    }

    static SourceMessage message(long uid, byte[] bytes, MessageFlags flags) {
        return message(uid, new ByteArrayContent(bytes), flags);
    }

    static SourceMessage message(long uid, MessageContent content, MessageFlags flags) {
        return new SourceMessage(UIDVALIDITY, new MessageMeta(uid, content.size(), DATE.plusSeconds(uid), flags),
                content);
    }

    static MessageFlags flags(Set<SystemFlag> system, String... keywords) {
        return MessageFlags.of(system, Set.of(keywords));
    }

    static byte[] bytes(MessageContent content) {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Table notation: {@code \r} and {@code \n} as two characters each; ISO-8859-1 otherwise. */
    static byte[] unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
