package org.mailferry.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks for secrets in every byte of a set of sources (outputs, files read as bytes): each secret
 * as typed, URL-encoded (either hex case), JSON-escaped, Base64 of it at each of the three byte
 * alignments it can have inside a longer Base64 text (standard and URL alphabet), and the SASL
 * PLAIN and XOAUTH2 answers a client sends for it.
 * Not thread-safe.
 */
final class SecretScan {

    /** One form of a secret to look for. */
    record Needle(String label, byte[] bytes) {
    }

    private final Map<String, byte[]> sources = new LinkedHashMap<>();
    private final List<Needle> needles = new ArrayList<>();

    /** Looks for {@code secret} in all its forms; {@code users} are the login names its SASL answers may name. */
    SecretScan secret(String label, String secret, String... users) {
        needles.addAll(forms(label, secret, users));
        return this;
    }

    SecretScan text(String source, String text) {
        sources.put(source, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Every regular file under {@code root} (links are not followed), read as bytes. */
    SecretScan tree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                sources.put(p.toString(), Files.readAllBytes(p));
            }
        }
        return this;
    }

    Set<String> sourceNames() {
        return sources.keySet();
    }

    /** The bytes of one source, for checks that the scan reads what it claims to. */
    byte[] source(String name) {
        return sources.get(name);
    }

    /** "needle in source at offset" for every needle found; empty when no secret is anywhere. */
    List<String> findings() {
        List<String> found = new ArrayList<>();
        sources.forEach((name, bytes) -> needles.forEach(n -> {
            int at = indexOf(bytes, n.bytes());
            if (at >= 0) {
                found.add(n.label() + " in " + name + " at byte " + at);
            }
        }));
        return found;
    }

    /** Whether {@code text} occurs in the source {@code name}. */
    boolean contains(String name, String text) {
        return indexOf(sources.get(name), text.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    static List<Needle> forms(String label, String secret, String... users) {
        List<Needle> out = new ArrayList<>();
        out.add(new Needle(label, secret.getBytes(StandardCharsets.UTF_8)));
        String urlEncoded = java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String lowerHex = java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(urlEncoded)
                .replaceAll(m -> m.group().toLowerCase(java.util.Locale.ROOT));
        for (String encoded : List.of(urlEncoded, urlEncoded.replace("+", "%20"), lowerHex)) {
            if (!encoded.equals(secret)) {
                out.add(new Needle(label + " (URL-encoded)", encoded.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        String jsonEscaped = secret.replace("\\", "\\\\").replace("/", "\\/").replace("\"", "\\\"");
        if (!jsonEscaped.equals(secret)) {
            out.add(new Needle(label + " (JSON-escaped)", jsonEscaped.getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> cores = new LinkedHashSet<>();
        for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            cores.addAll(base64Cores(secret.getBytes(StandardCharsets.UTF_8), enc.withoutPadding()));
        }
        cores.forEach(c -> out.add(new Needle(label + " (Base64 " + c + ")", c.getBytes(StandardCharsets.US_ASCII))));
        for (String user : users) {
            for (String plain : List.of("\0" + user + "\0" + secret, user + "\0" + user + "\0" + secret)) {
                out.add(new Needle(label + " (SASL PLAIN)", b64(plain)));
            }
            out.add(new Needle(label + " (XOAUTH2)", b64("user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001")));
        }
        return out;
    }

    /**
     * The Base64 characters that depend on the secret's bytes alone, for the secret starting at
     * byte 0, 1 and 2 of a 3-byte group: whatever comes before or after it, one of these appears
     * in any Base64 text that encodes it.
     */
    static List<String> base64Cores(byte[] secret, Base64.Encoder enc) {
        List<String> cores = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] shifted = new byte[k + secret.length];
            System.arraycopy(secret, 0, shifted, k, secret.length);
            String all = enc.encodeToString(shifted);
            int from = (8 * k + 5) / 6;
            int to = 8 * (k + secret.length) / 6;
            if (to - from >= 8) {
                cores.add(all.substring(from, to));
            }
        }
        return cores;
    }

    private static byte[] b64(String s) {
        return Base64.getEncoder().encode(s.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
