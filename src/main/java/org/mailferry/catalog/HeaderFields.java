package org.mailferry.catalog;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of a message that finding it needs (From, To, Cc, Subject, Date, Message-ID),
 * read from the start of its bytes: at most {@value #MAX_HEADER} bytes, unfolded, encoded words
 * (RFC 2047) decoded, raw 8-bit text taken as UTF-8. The first occurrence of a field counts.
 */
public final class HeaderFields {

    static final int MAX_HEADER = 256 * 1024;

    private final Map<String, String> fields;

    private HeaderFields(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Reads the header of the message {@code in} holds (buffered here: a byte at a time); closes nothing. */
    public static HeaderFields read(InputStream raw) throws IOException {
        InputStream in = raw instanceof java.io.ByteArrayInputStream || raw instanceof java.io.BufferedInputStream ? raw
                : new java.io.BufferedInputStream(raw, 4096);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int prev = -1;
        int c;
        int lineLength = 0;
        while (header.size() < MAX_HEADER && (c = in.read()) != -1) {
            if (c == '\n' && (lineLength == 0 || lineLength == 1 && prev == '\r')) {
                break; // the empty line that ends the header
            }
            header.write(c);
            lineLength = c == '\n' ? 0 : lineLength + 1;
            prev = c;
        }
        return parse(header.toString(StandardCharsets.UTF_8));
    }

    static HeaderFields parse(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : header.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            put(fields, name, value);
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (name != null) {
                value.append(line.substring(colon + 1).strip());
            }
        }
        put(fields, name, value);
        return new HeaderFields(fields);
    }

    private static void put(Map<String, String> fields, String name, StringBuilder value) {
        if (name != null && !fields.containsKey(name)) {
            fields.put(name, decode(value.toString()));
        }
    }

    private static String decode(String raw) {
        try {
            return MimeUtility.decodeText(raw);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return raw; // an unknown charset: the raw text still finds most words
        }
    }

    /** Fields already decoded (from a {@link HeaderIndex}); names are case-insensitive. */
    static HeaderFields of(Map<String, String> decoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        decoded.forEach((k, v) -> fields.put(k.toLowerCase(Locale.ROOT), v == null ? "" : v));
        return new HeaderFields(fields);
    }

    /** The field's decoded value, or "" when the message has none. */
    public String get(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
}
