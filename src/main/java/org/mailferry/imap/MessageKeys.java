package org.mailferry.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.mailferry.store.MessageContent;

/**
 * How a message is recognised on a target that assigned it a new UID: by its Message-ID and size
 * when it has a Message-ID, else by the SHA-256 of its bytes. The same rule on both sides, so a
 * message restored by a run that died before committing is found again. Byte-identical copies
 * share a key: callers count them (a multiset), never collapse them.
 */
final class MessageKeys {

    private static final int MAX_HEADER = 256 * 1024;

    private MessageKeys() {
    }

    static String of(MessageContent content) {
        String id = messageId(readHeader(content));
        return id != null ? byId(id, content.size()) : bySha(content);
    }

    static String byId(String messageId, long size) {
        return "id:" + messageId + "|" + size;
    }

    static String bySha(MessageContent content) {
        try (InputStream in = content.open()) {
            return "sha:" + sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Message-ID header's value (unfolded, trimmed), or null. */
    static String messageId(byte[] header) {
        return headerValue(header, "message-id");
    }

    /** The instant of the Date: header (RFC 5322, read leniently), or null when absent or unreadable. */
    static java.time.Instant date(byte[] header) {
        String v = headerValue(header, "date");
        if (v == null) {
            return null;
        }
        try {
            java.util.Date d = new jakarta.mail.internet.MailDateFormat().parse(v);
            return d == null ? null : d.toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    /** The value of the first header {@code name} (lower case), unfolded and trimmed, or null. */
    private static String headerValue(byte[] header, String name) {
        String h = new String(header, StandardCharsets.ISO_8859_1);
        String lower = h.toLowerCase(Locale.ROOT);
        int at = lower.startsWith(name + ":") ? 0 : lower.indexOf("\n" + name + ":");
        if (at < 0) {
            return null;
        }
        int start = lower.indexOf(':', at) + 1;
        StringBuilder value = new StringBuilder();
        int i = start;
        while (i < h.length()) {
            int nl = h.indexOf('\n', i);
            int end = nl < 0 ? h.length() : nl;
            value.append(h, i, end);
            if (nl < 0 || nl + 1 >= h.length() || (h.charAt(nl + 1) != ' ' && h.charAt(nl + 1) != '\t')) {
                break;
            }
            i = nl + 1;
        }
        String v = value.toString().replace("\r", "").strip();
        return v.isEmpty() ? null : v;
    }

    /** The header section: bytes up to the first empty line (at most 256 KiB). */
    static byte[] readHeader(MessageContent content) {
        try (InputStream in = new java.io.BufferedInputStream(content.open())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int prev = -1;
            int prev2 = -1;
            int b;
            while ((b = in.read()) != -1 && out.size() < MAX_HEADER) {
                out.write(b);
                if (b == '\n' && (prev == '\n' || (prev == '\r' && prev2 == '\n'))) {
                    break;
                }
                prev2 = prev;
                prev = b;
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
