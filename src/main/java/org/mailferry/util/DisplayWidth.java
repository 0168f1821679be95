package org.mailferry.util;

/**
 * How many terminal columns a text takes: East Asian wide and fullwidth characters (CJK
 * ideographs, kana, Hangul, fullwidth forms) and most emoji take two, combining marks and
 * zero-width characters none, the rest one. For aligning tables that hold folder names.
 */
public final class DisplayWidth {

    private DisplayWidth() {
    }

    public static int of(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += columns(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    /** {@code text} followed by spaces up to {@code width} columns (nothing cut when it is wider). */
    public static String padRight(String text, int width) {
        int pad = width - of(text);
        return pad <= 0 ? text : text + " ".repeat(pad);
    }

    /** Spaces up to {@code width} columns, then {@code text}. */
    public static String padLeft(String text, int width) {
        int pad = width - of(text);
        return pad <= 0 ? text : " ".repeat(pad) + text;
    }

    static int columns(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200B) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    private static boolean wide(int cp) {
        return cp >= 0x1100 && cp <= 0x115F          // Hangul Jamo initials
                || cp >= 0x2E80 && cp <= 0x303E      // CJK radicals, Kangxi, CJK symbols and punctuation
                || cp >= 0x3041 && cp <= 0x33FF      // kana, bopomofo, Hangul compatibility, CJK compatibility
                || cp >= 0x3400 && cp <= 0x4DBF      // CJK extension A
                || cp >= 0x4E00 && cp <= 0x9FFF      // CJK unified ideographs
                || cp >= 0xA000 && cp <= 0xA4CF      // Yi
                || cp >= 0xAC00 && cp <= 0xD7A3      // Hangul syllables
                || cp >= 0xF900 && cp <= 0xFAFF      // CJK compatibility ideographs
                || cp >= 0xFE30 && cp <= 0xFE4F      // CJK compatibility forms
                || cp >= 0xFF00 && cp <= 0xFF60      // fullwidth forms
                || cp >= 0xFFE0 && cp <= 0xFFE6
                || cp >= 0x1F300 && cp <= 0x1F64F    // pictographs, emoticons
                || cp >= 0x1F900 && cp <= 0x1F9FF    // supplemental symbols and pictographs
                || cp >= 0x20000 && cp <= 0x3FFFD;   // CJK extensions B and later
    }
}
