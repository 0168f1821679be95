package org.mailferry.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;

/** Messages and digests for the Maildir tests. */
final class TestMessages {

    static final Instant DATE = Instant.parse("2024-03-01T10:15:30Z");

    private TestMessages() {
    }

    static SourceMessage message(long uidValidity, long uid, String... flagNames) {
        return message(uidValidity, uid, DATE.plusSeconds(uid), body(uid), flagNames);
    }

    static SourceMessage message(long uidValidity, long uid, Instant date, byte[] bytes, String... flagNames) {
        MessageFlags flags = MessageFlags.fromImapNames(List.of(flagNames));
        return new SourceMessage(uidValidity, new MessageMeta(uid, bytes.length, date, flags), new ByteArrayContent(bytes));
    }

    static byte[] body(long uid) {
        return ("From: a@example.org\r\nSubject: message " + uid + "\r\n\r\nbody \u00e9 " + uid + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static MessageFlags flags(String... names) {
        return MessageFlags.fromImapNames(List.of(names));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            return sha256(in.readAllBytes());
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    static List<Path> files(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
