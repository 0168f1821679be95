package org.mailferry.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

/**
 * The reversible mapping from one folder-name segment to one file-name component, shared by the
 * Maildir and mbox archives (documented in ARCHITECTURE.md, "Folder names on disk").
 * <ol>
 * <li>Modified UTF-7 as in IMAP (RFC 3501 5.1.3), as Dovecot names Maildir++ folders: non-ASCII
 * becomes {@code &...-}, {@code &} becomes {@code &-}.</li>
 * <li>Then {@code %XX} (upper-case hex) escapes for {@code %}, {@code .}, {@code /}, {@code \},
 * {@code :}, {@code *}, {@code ?}, {@code "}, {@code <}, {@code >}, {@code |}, {@code ~} and
 * control characters, so no component is {@code .} or {@code ..}, contains a separator, or is
 * refused by Windows or macOS.</li>
 * </ol>
 * An empty segment (a server name such as {@code a//b} or {@code /x}) is the component {@code %},
 * which no other segment encodes to.
 * <p>
 * Names that differ only in case get a {@code ~} plus 8 hex digits of the SHA-256 of the exact
 * folder name appended by the archive that notices the collision ({@link #caseSuffix}); decoding
 * drops it. A name longer than {@link #MAX_NAME} characters (deep trees, non-ASCII names: a file
 * system holds 255 bytes per name) is cut and given the same kind of suffix, a hash of what it
 * names ({@link #fit}). The per-folder state file remains
 * the authority for the exact name, and the manifest repeats it.
 */
public final class ArchiveNames {

    private static final String ESCAPED = "%./\\:*?\"<>|~";

    /** Longest file name an archive gives a folder, leaving room for a suffix and its file extensions. */
    public static final int MAX_NAME = 200;
    private static final String EMPTY_SEGMENT = "%";

    private ArchiveNames() {
    }

    public static String encodeSegment(String segment) {
        if (segment.isEmpty()) {
            return EMPTY_SEGMENT;
        }
        String utf7 = BASE64MailboxEncoder.encode(segment);
        StringBuilder out = new StringBuilder(utf7.length() + 8);
        for (int i = 0; i < utf7.length(); i++) {
            char c = utf7.charAt(i);
            if (c < 0x20 || c == 0x7f || ESCAPED.indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static String decodeSegment(String component) {
        String base = stripCaseSuffix(component);
        if (base.equals(EMPTY_SEGMENT)) {
            return "";
        }
        StringBuilder utf7 = new StringBuilder(base.length());
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c == '%' && isHex(base, i + 1)) {
                utf7.append((char) Integer.parseInt(base.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                utf7.append(c);
            }
        }
        try {
            return BASE64MailboxDecoder.decode(utf7.toString());
        } catch (RuntimeException cutShort) {
            return utf7.toString(); // a shortened name; its state file says the exact one
        }
    }

    /**
     * {@code name} itself when at most {@link #MAX_NAME} characters, else its beginning (never
     * cutting a {@code %XX} escape) plus {@code ~} and 8 hex digits of the SHA-256 of
     * {@code folderKey}: the same key always gets the same name, different keys different names.
     */
    public static String fit(String name, String folderKey) {
        if (name.length() <= MAX_NAME) {
            return name;
        }
        int cut = MAX_NAME - 9;
        int escape = name.lastIndexOf('%', cut - 1);
        if (escape >= 0 && escape > cut - 3) {
            cut = escape;
        }
        return name.substring(0, cut) + caseSuffix(folderKey);
    }

    /** The suffix that tells apart a folder whose encoded name collides, ignoring case, with another. */
    public static String caseSuffix(String exactDisplayName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(exactDisplayName.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stripCaseSuffix(String component) {
        int i = component.lastIndexOf('~');
        if (i >= 0 && component.length() - i == 9 && isHexRun(component, i + 1, 8)) {
            return component.substring(0, i);
        }
        return component;
    }

    private static boolean isHex(String s, int at) {
        return at + 2 <= s.length() && isHexRun(s, at, 2);
    }

    private static boolean isHexRun(String s, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
