package org.mailferry.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.mailferry.archive.Sha256;
import org.mailferry.imap.ImapPolicy.AppendCheck;
import org.mailferry.store.MessageContent;

/**
 * Compares what a target stored after APPEND with what was sent ({@code --verify-append}):
 * RFC822.SIZE and the header bytes by default, SHA-256 of every byte with {@code full}. Some
 * servers rewrite mail on the way in (Cyrus's default {@code munge8bit} turns each raw 8-bit
 * header byte into {@code X}, keeping the size); the sink reports such messages as altered.
 * Line endings are compared as CRLF: a server that stores a bare LF as CRLF (Dovecot serves
 * every message so) has not altered the mail. Stateless.
 */
final class AppendReadBack {

    /** The most header bytes compared: a header beyond it is compared by its first part only. */
    static final int MAX_HEADER = 1 << 20;

    /** What the target holds: its RFC822.SIZE and the bytes read back (the header, or all). */
    record Copy(long size, byte[] bytes) {
    }

    private AppendReadBack() {
    }

    /** Why the stored copy differs from {@code sent}, or null when it is the same as far as {@code check} looks. */
    static String difference(MessageContent sent, Copy stored, AppendCheck check) throws IOException {
        if (stored == null) {
            return "the target did not return the appended message when it was read back";
        }
        if (stored.size() != sent.size() && stored.size() != crlfSize(sent)) {
            return "the target stored " + stored.size() + " bytes instead of the " + sent.size() + " sent";
        }
        if (check == AppendCheck.FULL) {
            String mine = crlfSha256(sent);
            String theirs = crlfSha256(stored.bytes());
            return mine.equals(theirs) ? null : "the target stored other bytes (SHA-256 " + theirs.substring(0, 12)
                    + "… instead of " + mine.substring(0, 12) + "…)";
        }
        byte[] header = crlf(header(sent));
        byte[] stored8 = crlf(stored.bytes());
        int n = Math.min(header.length, stored8.length);
        int differing = 0;
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (header[i] != stored8[i]) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        if (first < 0 && header.length != stored8.length && stored8.length < MAX_HEADER) {
            return "the target stored a header of " + stored8.length + " bytes instead of " + header.length;
        }
        if (first < 0) {
            return null;
        }
        return "the target altered " + differing + " header byte" + (differing == 1 ? "" : "s") + " (the first at offset "
                + first + ": " + show(stored8[first]) + " instead of " + show(header[first]) + ")";
    }

    /** The bytes of the header of {@code content}, through the empty line that ends it (all, when none). */
    static byte[] header(MessageContent content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new java.io.BufferedInputStream(content.open())) {
            int b;
            int a1 = -1;
            int a2 = -1;
            while (out.size() < MAX_HEADER && (b = in.read()) >= 0) {
                out.write(b);
                if (b == '\n' && (a1 == '\n' || (a1 == '\r' && a2 == '\n'))) {
                    break;
                }
                a2 = a1;
                a1 = b;
            }
        }
        return out.toByteArray();
    }

    private static String show(byte b) {
        int v = b & 0xff;
        return "0x" + HexFormat.of().withUpperCase().toHexDigits((byte) v)
                + (v >= 0x20 && v < 0x7f ? " '" + (char) v + "'" : "");
    }

    /** The size {@code content} has with every bare LF written as CRLF. */
    private static long crlfSize(MessageContent content) throws IOException {
        long size = 0;
        try (InputStream in = new java.io.BufferedInputStream(content.open())) {
            int b;
            int prev = -1;
            while ((b = in.read()) >= 0) {
                size += b == '\n' && prev != '\r' ? 2 : 1;
                prev = b;
            }
        }
        return size;
    }

    private static String crlfSha256(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return crlfSha256(in.readAllBytes());
        }
    }

    private static String crlfSha256(byte[] bytes) {
        MessageDigest d = Sha256.newDigest();
        d.update(crlf(bytes));
        return Sha256.hex(d);
    }

    /** {@code bytes} with every bare LF written as CRLF. */
    static byte[] crlf(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(bytes[i]);
        }
        return out.toByteArray();
    }
}
