package org.mailferry.maildir;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.mailferry.store.SystemFlag;

/**
 * The name of one Maildir message file: {@code <base>[,<field>...][:<info>]}. mailferry writes
 * {@code <secs>.M<micros>P<pid>Q<counter>.<host>,U=<uid>,S=<size>:2,<flags>} where
 * <ul>
 * <li>{@code secs} is the INTERNALDATE in epoch seconds; micros, pid and counter make the name
 * unique; {@code /} and {@code :} in the host become {@code \057} and {@code \072} (as Dovecot);</li>
 * <li>{@code U=} is the source UID (mailferry's field) and {@code S=} the exact file size, which
 * Dovecot trusts as the physical size;</li>
 * <li>the flags after {@code :2,} are system letters (D F P R S T) and keyword letters a..z
 * (indexes into {@code dovecot-keywords}), all in ASCII order as Dovecot keeps them.</li>
 * </ul>
 * Parsing is tolerant and lossless: foreign names without {@code U=} or {@code S=}, without
 * info, or with other fields ({@code ,W=}) are kept, and {@link #format()} gives back the exact
 * name. Immutable.
 *
 * @param base   the unique part, up to the first comma
 * @param fields the {@code X=value} fields between base and info, in their order
 * @param info   the text after the last colon, {@code null} when the name has none
 */
public record MaildirFileName(String base, List<String> fields, String info) {

    private static final String FLAGS_INFO = "2,";

    public MaildirFileName {
        fields = List.copyOf(fields);
    }

    public static MaildirFileName parse(String name) {
        int colon = name.lastIndexOf(':');
        String head = colon < 0 ? name : name.substring(0, colon);
        List<String> parts = List.of(head.split(",", -1));
        String info = colon < 0 ? null : name.substring(colon + 1);
        return new MaildirFileName(parts.get(0), parts.subList(1, parts.size()), info);
    }

    /** A name as mailferry writes it, with {@code flagLetters} put in ASCII order. */
    public static MaildirFileName of(String base, long uid, long size, String flagLetters) {
        return new MaildirFileName(base, List.of("U=" + uid, "S=" + size), FLAGS_INFO + sorted(flagLetters));
    }

    /** The unique part {@code <secs>.M<micros>P<pid>Q<counter>.<host>}, host escaped as Dovecot does. */
    public static String uniqueBase(long secs, long micros, long pid, long counter, String host) {
        return secs + ".M" + micros + "P" + pid + "Q" + counter + "."
                + host.replace("/", "\\057").replace(":", "\\072");
    }

    private static String letters(Set<SystemFlag> flags) {
        StringBuilder s = new StringBuilder();
        flags.forEach(f -> s.append(f.maildirLetter()));
        return sorted(s);
    }

    public String format() {
        StringBuilder s = new StringBuilder(base);
        fields.forEach(f -> s.append(',').append(f));
        return info == null ? s.toString() : s.append(':').append(info).toString();
    }

    /** The {@code U=} field, 0 when absent or malformed (UIDs start at 1). */
    public long uid() {
        return Math.max(0, field("U="));
    }

    /** The {@code S=} field, -1 when absent or malformed. */
    public long size() {
        return field("S=");
    }

    /** Every flag letter of a {@code :2,} info (up to a further {@code ,} flag set), "" otherwise. */
    public String flagLetters() {
        return info == null || !info.startsWith(FLAGS_INFO) ? "" : info.substring(2, flagsEnd());
    }

    public Set<SystemFlag> systemFlags() {
        Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
        for (char c : flagLetters().toCharArray()) {
            SystemFlag f = SystemFlag.fromMaildirLetter(c);
            if (f != null) {
                flags.add(f);
            }
        }
        return flags;
    }

    /** The keyword letters a..z, in order. */
    public String keywordLetters() {
        StringBuilder s = new StringBuilder();
        for (char c : flagLetters().toCharArray()) {
            if (isKeywordLetter(c)) {
                s.append(c);
            }
        }
        return s.toString();
    }

    /**
     * This name with new system flags and keyword letters. Letters mailferry does not know (such as
     * {@code P}) and a further flag set are kept, as Dovecot keeps them.
     */
    public MaildirFileName withFlags(Set<SystemFlag> system, String keywordLetters) {
        StringBuilder letters = new StringBuilder(letters(system)).append(keywordLetters);
        for (char c : flagLetters().toCharArray()) {
            if (SystemFlag.fromMaildirLetter(c) == null && !isKeywordLetter(c)) {
                letters.append(c);
            }
        }
        String rest = info == null || !info.startsWith(FLAGS_INFO) ? "" : info.substring(flagsEnd());
        return new MaildirFileName(base, fields, FLAGS_INFO + sorted(letters) + rest);
    }

    static boolean isKeywordLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private int flagsEnd() {
        int comma = info.indexOf(',', FLAGS_INFO.length());
        return comma < 0 ? info.length() : comma;
    }

    private long field(String prefix) {
        for (String f : fields) {
            if (f.startsWith(prefix)) {
                try {
                    return Long.parseLong(f.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The distinct letters in ASCII order. */
    static String sorted(CharSequence letters) {
        return letters.chars().distinct().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
